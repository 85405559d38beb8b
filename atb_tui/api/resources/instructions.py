"""The legacy instructions endpoints of a batch (deprecated by Prolific in favour of
``batch_items``; every result carries the server's deprecation notice)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import TypeAdapter

from atb_tui.api._requester import ApiResponse
from atb_tui.api.models.instruction_inputs import InstructionInput
from atb_tui.api.models.instructions import DeprecationNotice, InstructionsResult
from atb_tui.api.models.page_items import Instruction
from atb_tui.api.resources._base import DATA_COLLECTION, Resource, parse_as, results_of, seg

_INPUTS: TypeAdapter[list[InstructionInput]] = TypeAdapter(list[InstructionInput])


def _result(response: ApiResponse) -> InstructionsResult:
    instructions: list[Instruction] = parse_as(response, list[Instruction], results_of(response))
    return InstructionsResult(instructions, DeprecationNotice.from_headers(response.headers))


def _body(items: Sequence[InstructionInput], *, allow_empty: bool) -> dict[str, object]:
    """``{"instructions": [...]}``; plain dicts are validated as strictly as models."""
    if not items and not allow_empty:
        raise ValueError("give at least one instruction")
    validated = _INPUTS.validate_python(list(items))
    return {"instructions": [item.to_payload() for item in validated]}


class Instructions(Resource):
    """``/api/v1/data-collection/batches/{id}/instructions``"""

    @staticmethod
    def _path(batch_id: str) -> str:
        return f"{DATA_COLLECTION}/batches/{seg(batch_id, 'batch_id')}/instructions"

    async def get(self, batch_id: str) -> InstructionsResult:
        """The batch's instructions."""
        return _result(await self._requester.request("GET", self._path(batch_id)))

    async def create(self, batch_id: str, items: Sequence[InstructionInput]) -> InstructionsResult:
        """Add instructions (422 if the batch uses ``batch_items``)."""
        response = await self._requester.request(
            "POST", self._path(batch_id), json_body=_body(items, allow_empty=False)
        )
        return _result(response)

    async def replace(self, batch_id: str, items: Sequence[InstructionInput]) -> InstructionsResult:
        """Replace all instructions: items with an ``id`` are kept, others created, the rest
        deleted (so an empty list removes them all)."""
        response = await self._requester.request(
            "PUT", self._path(batch_id), json_body=_body(items, allow_empty=True)
        )
        return _result(response)
