"""Verification: what an annotator records to check a claim (verdict, normalized claim, questions and answers,
evidence, justification), and how it becomes AVeriTeC and FEVER records; pure, no SQL and no Textual."""
