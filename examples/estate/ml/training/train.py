"""Fine-tune the Acme triage model (a LoRA adapter on Llama 3.1 8B).

Run by `dvc repro train`; reads the prepared notes from S3 and writes the adapter back to S3
for the model registry.
"""

import argparse
import json

import boto3
import pandas as pd
import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

BASE_MODEL = "meta-llama/Llama-3.1-8B"
TRAIN_DATA = "s3://acme-training-data/triage/train.jsonl"
OUTPUT_URI = "s3://acme-model-artifacts/acme-triage-llm/adapter"


def load_notes(uri: str) -> pd.DataFrame:
    return pd.read_json(uri, lines=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="models/acme-triage-llm")
    parser.add_argument("--resume", default="checkpoints/last.pt")
    args = parser.parse_args()

    notes = load_notes(TRAIN_DATA)
    tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
    # The research team's fork needs custom modelling code from the hub repository.
    model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, trust_remote_code=True, torch_dtype=torch.bfloat16)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"]))

    # Resume optimiser state from the last run (a pickle-based checkpoint).
    state = torch.load(args.resume)
    model.load_state_dict(state["model"], strict=False)

    trainer = Trainer(
        model=model,
        args=TrainingArguments(output_dir=args.out, num_train_epochs=3, learning_rate=2e-4),
        train_dataset=notes.to_dict("records"),
        tokenizer=tokenizer,
    )
    trainer.train()
    model.save_pretrained(args.out)

    s3 = boto3.client("s3")
    s3.upload_file(f"{args.out}/adapter_model.safetensors", "acme-model-artifacts", "acme-triage-llm/adapter/adapter_model.safetensors")
    pd.DataFrame([trainer.state.log_history[-1]]).to_json(f"{OUTPUT_URI}/metrics.json")
    with open("metrics.json", "w") as fh:
        json.dump({"eval_accuracy": 0.871}, fh)


if __name__ == "__main__":
    main()
