"""GPT4All's generate(), with its parameters, over Candil's completions endpoint.

GPT4All programs call model.generate(prompt, max_tokens=..., temp=..., top_k=..., top_p=...,
repeat_penalty=..., repeat_last_n=..., n_batch=..., streaming=...). This function keeps that
signature: top_k, repeat_penalty and repeat_last_n travel as llama.cpp-style extra fields.
"""
import os

from openai import OpenAI

client = OpenAI(
    base_url=os.environ.get("CANDIL_BASE_URL", "http://127.0.0.1:4891/v1"),
    api_key=os.environ.get("CANDIL_API_KEY", "sin-clave"),
)
model = os.environ.get("CANDIL_MODEL") or client.models.list().data[0].id


def generate(prompt, max_tokens=200, temp=0.7, top_k=40, top_p=0.4, repeat_penalty=1.18, repeat_last_n=64, n_batch=8, streaming=False):
    request = dict(
        model=model,
        prompt=prompt,
        max_tokens=max_tokens,
        temperature=temp,
        top_p=top_p,
        stream=streaming,
        extra_body={"top_k": top_k, "repeat_penalty": repeat_penalty, "repeat_last_n": repeat_last_n, "n_batch": n_batch},
    )
    if not streaming:
        return client.completions.create(**request).choices[0].text
    return (chunk.choices[0].text for chunk in client.completions.create(**request) if chunk.choices)


print(generate("// Crea un componente base en ReactJS con Formik para el inicio de sesión\n", max_tokens=120, temp=0.2))
for token in generate("Érase una vez", max_tokens=60, streaming=True):
    print(token, end="", flush=True)
print()
