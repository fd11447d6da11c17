"""Structured output: the answer is JSON that matches a schema, ready for json.loads."""
import json
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("CANDIL_BASE_URL", "http://127.0.0.1:4891/v1"),
    api_key=os.environ.get("CANDIL_API_KEY", "sin-clave"),
)
model = os.environ.get("CANDIL_MODEL") or client.models.list().data[0].id

schema = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    "required": ["name", "age"],
}
response = client.chat.completions.create(
    model=model,
    messages=[{"role": "user", "content": "Inventa un personaje: su nombre y su edad."}],
    response_format={"type": "json_schema", "json_schema": {"name": "personaje", "schema": schema, "strict": True}},
)
character = json.loads(response.choices[0].message.content)
print(f"name={character['name']} age={character['age']}")
