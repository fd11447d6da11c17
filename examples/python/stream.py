"""Streaming: print the answer as it is written."""
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("CANDIL_BASE_URL", "http://127.0.0.1:4891/v1"),
    api_key=os.environ.get("CANDIL_API_KEY", "sin-clave"),
)
model = os.environ.get("CANDIL_MODEL") or client.models.list().data[0].id

stream = client.chat.completions.create(
    model=model,
    messages=[{"role": "user", "content": "Cuéntame un cuento corto sobre una lámpara de aceite."}],
    stream=True,
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
print()
