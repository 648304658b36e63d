"""Reading iVvy's Batch API answers (``getting-started/batch/``): ``run`` gives an ``asyncId``,
``progress`` a percentage, ``results`` each job's ``response`` in job order, or specific code
24114 while the batch has not finished."""

from __future__ import annotations

from collections.abc import Mapping

from attendee_relay.connectors import ivvy_lists
from attendee_relay.connectors.ivvy_errors import (
    BATCH_NOT_FINISHED,
    error_of,
    parse_error,
    raise_for_answer,
    raise_for_setup,
)
from attendee_relay.connectors.wire import excerpt, read_json
from attendee_relay.core.connector_api import HttpResponse
from attendee_relay.core.engine.batch_jobs import BatchUnavailable
from attendee_relay.core.errors import TransientError


def read_job_started(response: HttpResponse, api_base: str) -> str:
    """The ``asyncId`` of a submitted job.

    Raises:
        SetupError: the credentials or the clock are wrong.
        BatchUnavailable: iVvy would not take the job (format, not saved, not allowed).
    """
    if response.status_code != 200:
        error = parse_error(response)
        raise_for_setup(error, api_base)
        raise BatchUnavailable(f"iVvy did not take the batch ({error.sentence()}).")
    payload = read_json(response, "iVvy")
    async_id = payload.get("asyncId") if isinstance(payload, Mapping) else None
    if not isinstance(async_id, str | int) or isinstance(async_id, bool) or not str(async_id):
        raise BatchUnavailable(
            f"iVvy answered the batch without an asyncId ({excerpt(str(payload), 80)})."
        )
    return str(async_id)


def read_job_progress(job_id: str, response: HttpResponse, api_base: str) -> float:
    """The job's ``progress`` in percent."""
    if response.status_code != 200:
        raise_for_answer(response, api_base)
        raise TransientError(f"iVvy could not say how batch {job_id} is doing.")
    payload = read_json(response, "iVvy")
    raw = payload.get("progress") if isinstance(payload, Mapping) else None
    try:
        return float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TransientError(f"iVvy gave no progress for batch {job_id}.") from None


def job_answers(job_id: str, response: HttpResponse, api_base: str) -> list[object] | None:
    """Each job's ``response`` in job order, or None while the batch has not finished."""
    if response.status_code != 200:
        error = parse_error(response)
        if error.specific_code == BATCH_NOT_FINISHED:
            return None
        raise_for_setup(error, api_base)
        raise TransientError(f"iVvy could not give the results of batch {job_id}.")
    payload = read_json(response, "iVvy")
    refusal = error_of(payload, 200)
    if refusal is not None:
        if refusal.specific_code == BATCH_NOT_FINISHED:
            return None
        raise_for_setup(refusal, api_base)
        raise TransientError(f"iVvy could not give the results of batch {job_id}.")
    return [item.get("response") for item in ivvy_lists.results_of(payload)]


def call_answer(response: HttpResponse, api_base: str) -> object:
    """One ordinary call's answer as a job's ``response`` would carry it (a row's error
    included).

    Raises:
        SetupError, TransientError: the answer is not about the call's own content.
    """
    if response.status_code != 200:
        raise_for_answer(response, api_base)
        error = parse_error(response)
        return {
            "errorCode": error.error_code or response.status_code,
            "message": error.message,
            "specificCode": error.specific_code,
        }
    return read_json(response, "iVvy")
