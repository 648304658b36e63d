"""What a platform's answer that is not data says to a coordinator: never raw markup."""

from __future__ import annotations

import pytest

from attendee_relay.connectors.wire import read_json
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.errors import TransientError

NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


def test_an_html_error_page_is_named_by_its_title_not_shown() -> None:
    with pytest.raises(TransientError) as raised:
        read_json(HttpResponse(502, {}, NGINX_502.encode()), "10times")
    text = str(raised.value)
    assert text == "10times answered HTTP 502 with a web page ('502 Bad Gateway') instead of data."
    assert "<" not in text


def test_an_empty_answer_says_so() -> None:
    with pytest.raises(TransientError, match="with an empty answer instead of data"):
        read_json(HttpResponse(200, {}, b""), "10times")
