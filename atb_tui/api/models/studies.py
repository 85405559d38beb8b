"""Studies (what participants see on Prolific), their cost and their submissions.

Only what a data-collection client needs is modelled; other fields the API returns are kept
in ``model_extra``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Self

from pydantic import Field, model_validator

from atb_tui.api.models._base import (
    MinorUnits,
    PatchModel,
    RequestModel,
    ResponseModel,
    WholeNumber,
)
from atb_tui.api.models.enums import DataCollectionMethod

Device = Literal["desktop", "tablet", "mobile"]
ProlificIdOption = Literal["question", "url_parameters", "not_required"]


class CompletionCodeAction(RequestModel):
    """What happens when a participant finishes with a completion code."""

    action: str
    participant_group: str | None = None
    return_reason: str | None = None
    fixed_screen_out_reward: int | None = None
    slots: int | None = None


class CompletionCode(RequestModel):
    """A completion code and its actions (AI Task Builder studies get a default one)."""

    code: str | None
    code_type: str
    actions: list[CompletionCodeAction] = Field(min_length=1)
    actor: Literal["participant", "researcher"] | None = None


class SubmissionsConfig(RequestModel):
    """How many submissions a participant may make, and auto-rejection."""

    max_submissions_per_participant: int | None = None
    max_concurrent_submissions: int | None = None
    auto_rejection_categories: list[str] | None = None


class DataCollectionMetadata(RequestModel):
    """AI Task Builder batch settings: how many participants annotate each task."""

    annotators_per_task: int = Field(default=1, ge=1)


class _StudyFields(RequestModel):
    """Fields shared by create and update."""

    name: str | None = Field(default=None, min_length=1)
    internal_name: str | None = None
    description: str | None = None
    external_study_url: str | None = None
    prolific_id_option: ProlificIdOption | None = None
    completion_codes: list[CompletionCode] | None = None
    total_available_places: int | None = Field(default=None, ge=1)
    estimated_completion_time: int | None = Field(default=None, ge=1)
    maximum_allowed_time: int | None = Field(default=None, ge=1)
    reward: int | None = Field(default=None, ge=0)
    device_compatibility: list[Device] | None = None
    peripheral_requirements: list[str] | None = None
    filters: list[dict[str, Any]] | None = None
    filter_set_id: str | None = None
    filter_set_version: int | None = None
    naivety_distribution_rate: float | None = None
    project: str | None = None
    submissions_config: SubmissionsConfig | None = None
    study_labels: list[str] | None = None
    data_collection_method: DataCollectionMethod | None = None
    data_collection_id: str | None = None
    data_collection_metadata: DataCollectionMetadata | None = None


class StudyCreate(_StudyFields):
    """A draft study. ``reward`` is in minor units (pence/cents) per participant.

    AI Task Builder studies set ``data_collection_method`` and ``data_collection_id`` and leave
    out ``external_study_url``; other studies need the URL, ``prolific_id_option`` and places.
    """

    name: str = Field(min_length=1)
    description: str
    reward: int = Field(ge=0)
    estimated_completion_time: int = Field(ge=1)

    @model_validator(mode="after")
    def _check_method(self) -> Self:
        if self.data_collection_method is None:
            missing = [
                name
                for name in ("external_study_url", "prolific_id_option", "total_available_places")
                if getattr(self, name) is None
            ]
            if missing:
                raise ValueError(f"studies without data_collection_method need {missing}")
            return self
        if self.external_study_url is not None:
            raise ValueError("external_study_url cannot be combined with data_collection_method")
        if not self.data_collection_id:
            raise ValueError("data_collection_id is required with data_collection_method")
        batch = DataCollectionMethod.AI_TASK_BUILDER_BATCH
        if self.data_collection_metadata is not None and self.data_collection_method != batch:
            raise ValueError("data_collection_metadata applies only to AI_TASK_BUILDER_BATCH")
        return self


class StudyUpdate(_StudyFields, PatchModel):
    """Changes to a study; only the fields you set are sent. After publishing, only a few
    fields may change (places and annotators only upwards)."""


class DataCollectionMetadataInfo(ResponseModel):
    """AI Task Builder batch settings of a study, as stored."""

    annotators_per_task: int | None = None


class Study(ResponseModel):
    """A study (see ``StudyStatus``). Money is in minor units."""

    id: str
    name: str
    internal_name: str | None = None
    description: str | None = None
    status: str | None = None
    reward: MinorUnits | None = None
    total_cost: MinorUnits | None = None
    currency_code: str | None = None
    total_available_places: WholeNumber | None = None
    places_taken: WholeNumber | None = None
    number_of_submissions: WholeNumber | None = None
    estimated_completion_time: float | None = None
    maximum_allowed_time: float | None = None
    prolific_id_option: str | None = None
    external_study_url: str | None = None
    device_compatibility: list[str] | None = None
    data_collection_method: str | None = None
    data_collection_id: str | None = None
    data_collection_metadata: DataCollectionMetadataInfo | None = None
    project: str | None = None
    is_ready_to_publish: bool | None = None
    date_created: datetime | None = None
    published_at: datetime | None = None
    publish_at: datetime | None = None


class Amount(ResponseModel):
    """An amount in minor units and its currency."""

    amount: MinorUnits = 0
    currency: str | None = None


class CostBreakdown(ResponseModel):
    """Rewards paid to participants, Prolific's fees and the tax on them."""

    rewards: Amount | None = None
    fees: Amount | None = None
    tax: Amount | None = None

    @property
    def total(self) -> int:
        """Rewards + fees + tax, in minor units."""
        return sum(part.amount for part in (self.rewards, self.fees, self.tax) if part)


class StudyCost(ResponseModel):
    """What a study costs (or is projected to cost): rewards and bonuses, each broken down."""

    rewards: CostBreakdown | None = None
    bonuses: CostBreakdown | None = None

    @property
    def total(self) -> int:
        """Everything, in minor units."""
        return sum(part.total for part in (self.rewards, self.bonuses) if part)

    @property
    def currency(self) -> str | None:
        """The currency of the amounts (they share one)."""
        for breakdown in (self.rewards, self.bonuses):
            for part in (breakdown.rewards, breakdown.fees, breakdown.tax) if breakdown else ():
                if part and part.currency:
                    return part.currency
        return None


class Submission(ResponseModel):
    """A participant's submission to a study (see ``SubmissionStatus``)."""

    id: str
    participant_id: str
    status: str
    study_id: str | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    has_siblings: bool | None = None
    study_code: str | None = None
    return_requested: datetime | None = None
    time_taken: float | None = None
    reward: MinorUnits | None = None
