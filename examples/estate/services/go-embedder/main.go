// go-embedder turns triage notes into embeddings for the RAG index. It runs next to Ollama in
// the deploy/ compose stack and falls back to OpenAI embeddings when Ollama is down.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	openai "github.com/sashabaranov/go-openai"
)

const (
	ollamaURL      = "http://ollama:11434/v1"
	embeddingModel = "text-embedding-3-small"
)

func embed(ctx context.Context, texts []string) ([][]float32, error) {
	cfg := openai.DefaultConfig(os.Getenv("OPENAI_API_KEY"))
	if os.Getenv("USE_OLLAMA") == "1" {
		cfg.BaseURL = ollamaURL // "nomic-embed-text" is served locally
	}
	client := openai.NewClientWithConfig(cfg)
	resp, err := client.CreateEmbeddings(ctx, openai.EmbeddingRequest{
		Input: texts,
		Model: openai.EmbeddingModel(embeddingModel),
	})
	if err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	out := make([][]float32, len(resp.Data))
	for i, d := range resp.Data {
		out[i] = d.Embedding
	}
	return out, nil
}

func main() {
	vecs, err := embed(context.Background(), []string{"chest pain, short of breath"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(vecs[0]))
}
