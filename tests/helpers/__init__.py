"""Everything tests share, in one package: import from here, never from another test module.

Building and driving the app (Textual):
  app         `make_app` (the app as the CLI builds it, on an in-process sandbox), `clocked_app`,
              `read_only_app`, `build_app`, `sandbox_of`; every app records its notices.
  notices     the notice recorder: `notices(app)`, `notice_texts(app)`, `told(app, text)`.
  waits       `wait_for(pilot, predicate)`, `workers_idle`: wait on conditions, never on time.
  screen      `screen_text(app)`: what users read.
  navigation  open a workspace, an area, a batch (each waits until loaded).
  instructions, launch, datasets, exports, monitor, responses, review: steps per area.
  driver, seed_ui, leaks   the proof suites' patient user, its seeding walk, token-leak checks.
  virtual_table  a synthetic table model and app.
The sandbox and the client (no Textual):
  sandbox     `make_sandbox`, `sandbox_client`, `raw_client`, `item_named`, the demo world's names.
  raw_api     workflows over plain httpx against the sandbox (tests of the sandbox itself).
  workflow, workflow_v4, workflow_review   whole client workflows (integration, conformance).
  fake_api    a scripted fake server for the client's own unit tests.
  payloads, instruction_samples, agreement   sample data.
  spec, schema_strategies, recording   the OpenAPI spec, hypothesis strategies from it, call
              recording for coverage.
  headless, serve, files   the headless commands, `sandbox serve` as a process, file checks.
"""
