"""Settings of an iVvy connector: where the account lives, batches, groups, leads and pulls."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from attendee_relay.connectors.setting_types import BaseUrl, CommaList
from attendee_relay.core.connector_api import ConnectorSettings

MAX_JOBS = 200
"""Most calls one Batch API job may carry (developer.ivvy.com)."""

REGIONS = ("ap-southeast-2", "us-west-2", "eu-west-2")
_REGION_ALIASES = {
    "au": "ap-southeast-2",
    "aus": "ap-southeast-2",
    "australia": "ap-southeast-2",
    "us": "us-west-2",
    "usa": "us-west-2",
    "uk": "eu-west-2",
    "gb": "eu-west-2",
    "eu": "eu-west-2",
}


#: Registration ``currentStatus`` codes (events/get-registration-list.md) by name.
_STATUS_CODES = {"in progress": "1", "completed": "2", "payment waiting": "4"}


class IvvySettings(ConnectorSettings):
    """Settings of an iVvy connector (``api_key`` and ``api_secret`` are secrets)."""

    base_url: BaseUrl = Field(
        default="", description="Overrides https://api.{region}.ivvy.com (sandbox or staging)."
    )
    region: Literal["", "ap-southeast-2", "us-west-2", "eu-west-2"] = Field(
        default="",
        description="Where the iVvy account lives: ap-southeast-2 (AU), us-west-2 (US) or "
        "eu-west-2 (UK).",
    )
    max_concurrency: int = Field(
        default=2, ge=1, le=64, description="Requests in flight (iVvy's limit is unknown)."
    )
    rate_limit_per_minute: int = Field(
        default=120, ge=0, description="Most calls a minute, polls included (unknown); 0 = none."
    )
    use_batch_api: bool = Field(
        default=True, description="Send contacts in Batch API jobs (up to 200 calls a job)."
    )
    jobs_per_batch: int = Field(default=MAX_JOBS, ge=1, le=MAX_JOBS, description="Calls a job.")
    batch_poll_interval_s: float = Field(
        default=1.0, gt=0, le=60, description="Seconds between progress checks of a batch."
    )
    batch_timeout_s: float = Field(
        default=300.0, gt=0, le=3600, description="Seconds a batch may take before a restart."
    )
    batch_callback_url: str = Field(
        default="", description="callbackUrl sent with a batch (the app polls; may stay empty)."
    )
    groups: CommaList = Field(
        default_factory=list, description="Subscription group ids every contact gets."
    )
    group_mode: Literal["add", "replace"] = Field(
        default="add",
        description="add: contacts join these groups and keep the ones they have. replace: "
        "a contact's groups become exactly these; it LEAVES every other group it was in.",
    )
    update_if_exists: bool = Field(
        default=True, description="Update a contact iVvy already has instead of adding another."
    )
    create_lead: bool = Field(default=False, description="Also add a lead for every contact.")
    lead_source_id: str = Field(default="", description="Lead source id (from iVvy's list).")
    lead_type_id: str = Field(default="", description="Lead type id (from iVvy's list).")
    lead_stage_id: str = Field(default="", description="Lead stage id (from iVvy's list).")
    lead_industry_id: str = Field(
        default="",
        description="Industry id of the leads (iVvy requires one for a contact's new lead; "
        "it publishes no list of industries: ask your iVvy administrator).",
    )
    lookup_window_h: float = Field(
        default=24.0,
        gt=0,
        le=720,
        description="Settling a resumed run's uncertain rows without an externalId: how many "
        "hours back to look at modified contacts.",
    )
    pull_source: Literal["contacts", "attendees", "registrations"] = Field(
        default="contacts",
        description="What `pull` lists: contacts, attendees or registrations. iVvy's attendee "
        "list takes no filter: with modified_since every attendee is read and the older ones "
        "are left out here.",
    )
    pull_event: str = Field(default="", description="Event id for pulling attendees/registrations.")
    pull_paid_only: bool = Field(
        default=False, description="Pull only paid registrations (see paid_statuses)."
    )
    paid_statuses: CommaList = Field(
        default_factory=lambda: ["2"],
        description="Registration currentStatus codes that count as paid: 1 In Progress, "
        "2 Completed, 4 Payment Waiting (iVvy's published codes).",
    )

    @field_validator("paid_statuses", mode="after")
    @classmethod
    def _status_codes(cls, value: list[str]) -> list[str]:
        """Status names (an older profile said ``completed``) become the published codes."""
        codes = []
        for item in value:
            code = _STATUS_CODES.get(item.strip().lower(), item.strip())
            if code not in _STATUS_CODES.values():
                raise ValueError(
                    f"{item!r} is not a registration status: use 1 (In Progress), 2 (Completed) "
                    "or 4 (Payment Waiting)"
                )
            codes.append(code)
        return codes

    @field_validator("region", mode="before")
    @classmethod
    def _region_alias(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().lower()
            return _REGION_ALIASES.get(value, value)
        return value

    @model_validator(mode="after")
    def _where_and_leads(self) -> IvvySettings:
        if not self.region and not self.base_url:
            raise ValueError(
                "Missing setting 'region' (where the iVvy account lives: ap-southeast-2 for "
                "Australia, us-west-2 for the US, eu-west-2 for the UK); or set base_url."
            )
        if self.create_lead:
            missing = [
                name
                for name in (
                    "lead_source_id",
                    "lead_type_id",
                    "lead_stage_id",
                    "lead_industry_id",
                )
                if not getattr(self, name).strip()
            ]
            if missing:
                raise ValueError(
                    f"create_lead needs {', '.join(missing)}: pick them from iVvy's lead "
                    "source, type and stage lists (iVvy requires an industry id for a "
                    "contact's new lead)."
                )
            if not self.use_batch_api:
                raise ValueError(
                    "create_lead needs use_batch_api: a lead is linked to its contact by id "
                    "in a second batch job."
                )
        if self.groups and self.group_mode == "add" and not self.use_batch_api:
            raise ValueError(
                "group_mode=add adds contacts to their groups in a second batch job, once "
                "iVvy has given their ids: turn use_batch_api on, or set group_mode=replace "
                "(a contact then leaves every group not listed)."
            )
        return self

    @property
    def api_base(self) -> str:
        """``base_url`` when set, else https://api.{region}.ivvy.com."""
        return self.base_url or f"https://api.{self.region}.ivvy.com"
