"""Thin wrappers around the two LLM vendors the support bot talks to."""

import os

import anthropic
from openai import OpenAI

openai_client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"))
claude = anthropic.Anthropic(api_key=os.environ.get("ANTHROPIC_API_KEY"))

CLAUDE_MODEL = "claude-3-5-sonnet-20241022"


def classify_urgency(note: str) -> str:
    resp = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "Label the message as routine, soon or urgent."},
            {"role": "user", "content": note},
        ],
    )
    return resp.choices[0].message.content or "routine"


def summarise_with_claude(text: str) -> str:
    msg = claude.messages.create(
        model=CLAUDE_MODEL,
        max_tokens=400,
        messages=[{"role": "user", "content": f"Summarise for a nurse in two sentences:\n{text}"}],
    )
    return msg.content[0].text
