"""Writers that present an Evaluation: JSON (the CLI/API contract), later docx, xlsx, pdf, md."""
