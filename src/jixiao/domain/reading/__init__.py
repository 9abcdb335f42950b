"""Reading a report: its text model, tables (merged or flattened), and the facts, indicators
and score sheet extracted from it. Pure: the readers in adapters/readers produce the text."""
