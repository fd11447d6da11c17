"""Chained calls: explain, review the explanation as an editor, then rewrite it."""
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("CANDIL_BASE_URL", "http://127.0.0.1:4891/v1"),
    api_key=os.environ.get("CANDIL_API_KEY", "sin-clave"),
)
model = os.environ.get("CANDIL_MODEL") or client.models.list().data[0].id


def ask(system: str, user: str) -> str:
    response = client.chat.completions.create(
        model=model,
        messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
        temperature=0.3,
    )
    return response.choices[0].message.content


explanation = ask("Eres un profesor paciente.", "Explica qué es una variable en programación.")
review = ask("Eres un editor exigente. Señala qué se puede mejorar.", explanation)
rewrite = ask("Reescribe el texto aplicando las sugerencias.", f"Texto:\n{explanation}\n\nSugerencias:\n{review}")

print("== Explicación ==", explanation, sep="\n")
print("== Revisión ==", review, sep="\n")
print("== Versión final ==", rewrite, sep="\n")
