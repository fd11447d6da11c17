"""Few-shot: example turns that show the model what kind of answer to give."""
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("CANDIL_BASE_URL", "http://127.0.0.1:4891/v1"),
    api_key=os.environ.get("CANDIL_API_KEY", "sin-clave"),
)
model = os.environ.get("CANDIL_MODEL") or client.models.list().data[0].id

examples = [
    {"role": "user", "content": "Traduce al inglés: gato"},
    {"role": "assistant", "content": "cat"},
    {"role": "user", "content": "Traduce al inglés: perro"},
    {"role": "assistant", "content": "dog"},
]
response = client.chat.completions.create(
    model=model,
    messages=[
        {"role": "system", "content": "Traduces palabras. Respondes solo con la traducción."},
        *examples,
        {"role": "user", "content": "Traduce al inglés: lámpara"},
    ],
    temperature=0,
)
print(response.choices[0].message.content)
