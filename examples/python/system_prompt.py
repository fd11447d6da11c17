"""A system prompt: instructions the model reads before the conversation."""
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("CANDIL_BASE_URL", "http://127.0.0.1:4891/v1"),
    api_key=os.environ.get("CANDIL_API_KEY", "sin-clave"),
)
model = os.environ.get("CANDIL_MODEL") or client.models.list().data[0].id

response = client.chat.completions.create(
    model=model,
    messages=[
        {"role": "system", "content": "Actúa como Yoda: responde con su forma de hablar."},
        {"role": "user", "content": "¿Cómo aprendo a programar?"},
    ],
)
print(response.choices[0].message.content)
