"""Members' written requests (questions, complaints, requests for information) to a body, which
the holders of the office the charter names answer in writing within its time."""
