"""A chat completion: one question, one answer.

Runs against Candil's local API (Settings → Local API, or `npm run serve -- --api`); the same
program runs against OpenAI, Azure OpenAI, GitHub Models or Ollama by changing base_url and key.
"""
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("CANDIL_BASE_URL", "http://127.0.0.1:4891/v1"),
    api_key=os.environ.get("CANDIL_API_KEY", "sin-clave"),  # Candil needs one only if you set it
)
model = os.environ.get("CANDIL_MODEL") or client.models.list().data[0].id

response = client.chat.completions.create(
    model=model,
    messages=[{"role": "user", "content": "¿Qué es un candil?"}],
    temperature=0.7,
)
print(response.choices[0].message.content)
print(f"[{response.usage.prompt_tokens} tokens in, {response.usage.completion_tokens} out]")
