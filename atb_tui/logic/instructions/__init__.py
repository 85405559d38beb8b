"""The instruction editor's model and rules (issue 6), with no UI and no API client.

- `model`: the five instruction types as frozen dataclasses with the API's field names.
- `rules`: `validate_instruction` → `FieldIssue`s on dotted field paths.
- `wire`: `to_wire` / `from_wire` for the legacy instructions endpoints.
- `layout`: `to_batch_items` and mapping 422 `INVALID_BATCH_ITEMS` issues back to fields.
- `files`: `export_json` / `import_json` in Prolific's CLI file format.
"""

from atb_tui.logic.instructions.files import (
    InstructionFileError,
    export_json,
    import_json,
    read_instructions_file,
)
from atb_tui.logic.instructions.layout import (
    LAYOUT_ISSUES,
    BatchItemsLayout,
    ItemRef,
    batch_item,
    build_layout,
    guess_field,
    instructions_from_batch_items,
    layout_from_batch_items,
    map_batch_item_issues,
    to_batch_items,
)
from atb_tui.logic.instructions.model import (
    DEFAULT_FILE_TYPES,
    INSTRUCTION_TYPES,
    ChoiceOption,
    EditableInstruction,
    FileUpload,
    FreeText,
    FreeTextWithUnit,
    Instruction,
    InstructionType,
    MultipleChoice,
    MultipleChoiceWithFreeText,
    OptionValue,
    UnitOption,
    UnsupportedInstruction,
    ValidationRule,
    answer_limit_text,
    convert,
    new_instruction,
    summary,
    uses_dropdown,
)
from atb_tui.logic.instructions.rules import (
    LIST_ISSUES,
    FieldIssue,
    validate_instruction,
    validate_instructions,
)
from atb_tui.logic.instructions.wire import (
    DEFAULT_CREATED_BY,
    InstructionFormatError,
    from_wire,
    to_wire,
)

__all__ = [
    "DEFAULT_CREATED_BY",
    "DEFAULT_FILE_TYPES",
    "INSTRUCTION_TYPES",
    "LAYOUT_ISSUES",
    "LIST_ISSUES",
    "BatchItemsLayout",
    "ChoiceOption",
    "EditableInstruction",
    "FieldIssue",
    "FileUpload",
    "FreeText",
    "FreeTextWithUnit",
    "Instruction",
    "InstructionFileError",
    "InstructionFormatError",
    "InstructionType",
    "ItemRef",
    "MultipleChoice",
    "MultipleChoiceWithFreeText",
    "OptionValue",
    "UnitOption",
    "UnsupportedInstruction",
    "ValidationRule",
    "answer_limit_text",
    "batch_item",
    "build_layout",
    "convert",
    "export_json",
    "from_wire",
    "guess_field",
    "import_json",
    "instructions_from_batch_items",
    "layout_from_batch_items",
    "map_batch_item_issues",
    "new_instruction",
    "read_instructions_file",
    "summary",
    "to_batch_items",
    "to_wire",
    "uses_dropdown",
    "validate_instruction",
    "validate_instructions",
]
