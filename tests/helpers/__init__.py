"""Everything tests share: builders, waits, drivers and sample data, in one package.

- sandbox: the in-process sandbox, a client on it, the demo world's names.
- app: the app as the CLI builds it (`make_app`, `clocked_app`), every notice recorded.
- notices: the notify recorder (toasts expire on the wall clock; the record does not).
- waits / screen: wait on a condition; what the screen shows as text.
- the rest: one module per area (instructions, exports, datasets, monitor, review, …).
"""
