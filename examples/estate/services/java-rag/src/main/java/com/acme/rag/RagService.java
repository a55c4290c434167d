package com.acme.rag;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.bedrock.BedrockChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import software.amazon.awssdk.regions.Region;

/**
 * Answers clinicians' policy questions from the pgvector index, with Claude on Amazon Bedrock.
 * The embedding model must match the one go-embedder used to build the index.
 */
public class RagService {
    private static final String CHAT_MODEL = "anthropic.claude-3-5-sonnet-20240620-v1:0";

    private final ChatModel chat = BedrockChatModel.builder()
            .modelId(CHAT_MODEL)
            .region(Region.US_EAST_1)
            .build();

    private final OpenAiEmbeddingModel embeddings = OpenAiEmbeddingModel.builder()
            .apiKey(System.getenv("OPENAI_API_KEY"))
            .modelName("text-embedding-3-small")
            .build();

    private final EmbeddingStore<TextSegment> store = PgVectorEmbeddingStore.builder()
            .host(System.getenv("PGHOST"))
            .database("rag")
            .table("policy_chunks")
            .dimension(1536)
            .build();

    public String answer(String question) {
        // String legacy = "gpt-3.5-turbo"; // retired
        var hits = store.search(dev.langchain4j.store.embedding.EmbeddingSearchRequest.builder()
                .queryEmbedding(embeddings.embed(question).content())
                .maxResults(4)
                .build());
        var context = new StringBuilder();
        hits.matches().forEach(m -> context.append(m.embedded().text()).append("\n"));
        return chat.chat("Context:\n" + context + "\nQuestion: " + question);
    }
}
