import type { Lang } from './lexer.js';

/**
 * What an imported module means. `provider` is an id of src/core/ai-providers.ts (the
 * API the SDK talks to by default); `router` SDKs (litellm, LangChain core, Vercel `ai`) talk to
 * whichever provider the model id names; `vector` is a vector-store product; `agents` marks an
 * agent framework whose `Agent(...)` constructor we should look for.
 */
export interface ModuleMeaning {
  sdk: string;
  provider?: string;
  router?: boolean;
  vector?: string;
  agents?: string;
  /** Imported names that switch the provider (`from openai import AzureOpenAI`). */
  names?: Record<string, string>;
  /** For generic module names (`agents`): only these imported names prove it is the SDK. */
  requireNames?: readonly string[];
}

type Table = readonly (readonly [RegExp, ModuleMeaning])[];

const LC_NAMES: Record<string, string> = {
  ChatOpenAI: 'openai',
  OpenAIEmbeddings: 'openai',
  AzureChatOpenAI: 'azure-openai',
  AzureOpenAIEmbeddings: 'azure-openai',
  ChatAnthropic: 'anthropic',
  ChatOllama: 'ollama',
  OllamaLLM: 'ollama',
  ChatBedrock: 'aws-bedrock',
  BedrockChat: 'aws-bedrock',
  ChatBedrockConverse: 'aws-bedrock',
  ChatVertexAI: 'google',
  ChatGoogleGenerativeAI: 'google',
  ChatMistralAI: 'mistral',
  ChatCohere: 'cohere',
  ChatGroq: 'groq',
  HuggingFaceEndpoint: 'huggingface',
};

const PY: Table = [
  [/^openai\b/, { sdk: 'openai', provider: 'openai', names: { AzureOpenAI: 'azure-openai', AsyncAzureOpenAI: 'azure-openai' } }],
  [/^anthropic\b/, { sdk: 'anthropic', provider: 'anthropic', names: { AnthropicBedrock: 'aws-bedrock', AnthropicVertex: 'google' } }],
  [/^google\.(genai|generativeai)\b/, { sdk: 'google-genai', provider: 'google' }],
  [/^(vertexai|google\.cloud\.aiplatform)\b/, { sdk: 'vertexai', provider: 'google' }],
  [/^mistralai\b/, { sdk: 'mistralai', provider: 'mistral' }],
  [/^cohere\b/, { sdk: 'cohere', provider: 'cohere' }],
  [/^groq\b/, { sdk: 'groq', provider: 'groq' }],
  [/^together\b/, { sdk: 'together', provider: 'together' }],
  [/^ollama\b/, { sdk: 'ollama', provider: 'ollama' }],
  [/^replicate\b/, { sdk: 'replicate', provider: 'replicate' }],
  [/^fireworks\b/, { sdk: 'fireworks-ai', provider: 'fireworks' }],
  [/^xai_sdk\b/, { sdk: 'xai-sdk', provider: 'xai' }],
  [/^huggingface_hub\b/, { sdk: 'huggingface_hub', provider: 'huggingface' }],
  [/^azure\.ai\.(inference|openai)\b/, { sdk: 'azure-ai-inference', provider: 'azure-openai' }],
  [/^litellm\b/, { sdk: 'litellm', router: true }],
  [/^langchain_openai\b/, { sdk: 'langchain-openai', provider: 'openai', names: LC_NAMES }],
  [/^langchain_anthropic\b/, { sdk: 'langchain-anthropic', provider: 'anthropic' }],
  [/^langchain_google_(genai|vertexai)\b/, { sdk: 'langchain-google', provider: 'google' }],
  [/^langchain_aws\b/, { sdk: 'langchain-aws', provider: 'aws-bedrock' }],
  [/^langchain_mistralai\b/, { sdk: 'langchain-mistralai', provider: 'mistral' }],
  [/^langchain_cohere\b/, { sdk: 'langchain-cohere', provider: 'cohere' }],
  [/^langchain_groq\b/, { sdk: 'langchain-groq', provider: 'groq' }],
  [/^langchain_together\b/, { sdk: 'langchain-together', provider: 'together' }],
  [/^langchain_ollama\b/, { sdk: 'langchain-ollama', provider: 'ollama' }],
  [/^langchain_huggingface\b/, { sdk: 'langchain-huggingface', provider: 'huggingface' }],
  [/^langchain_pinecone\b/, { sdk: 'langchain-pinecone', vector: 'pinecone' }],
  [/^langchain_chroma\b/, { sdk: 'langchain-chroma', vector: 'chroma' }],
  [/^langchain_qdrant\b/, { sdk: 'langchain-qdrant', vector: 'qdrant' }],
  [/^langchain_milvus\b/, { sdk: 'langchain-milvus', vector: 'milvus' }],
  [/^langchain_postgres\b/, { sdk: 'langchain-postgres', vector: 'pgvector' }],
  [/^langchain_weaviate\b/, { sdk: 'langchain-weaviate', vector: 'weaviate' }],
  [/^langchain_elasticsearch\b/, { sdk: 'langchain-elasticsearch', vector: 'elasticsearch' }],
  [/^langgraph\b/, { sdk: 'langgraph', router: true, agents: 'langgraph' }],
  [/^(langchain|langchain_community|langchain_core|langchain_experimental)\b/, { sdk: 'langchain', router: true, agents: 'langchain', names: LC_NAMES }],
  [/^crewai\b/, { sdk: 'crewai', router: true, agents: 'crewai' }],
  // `agents` is also a common local package name: only the SDK's own names count.
  [/^agents$/, { sdk: 'openai-agents', provider: 'openai', agents: 'openai-agents', requireNames: ['Agent', 'Runner', 'function_tool', 'handoff', 'WebSearchTool', 'FileSearchTool', 'CodeInterpreterTool', 'ComputerTool', 'LocalShellTool', 'ModelSettings', 'set_default_openai_key'] }],
  [/^(autogen|autogen_agentchat|autogen_ext|pyautogen)\b/, { sdk: 'autogen', router: true, agents: 'autogen' }],
  [/^llama_index\b/, { sdk: 'llama-index', router: true, agents: 'llamaindex' }],
  [/^smolagents\b/, { sdk: 'smolagents', router: true, agents: 'smolagents' }],
  [/^pinecone\b/, { sdk: 'pinecone', vector: 'pinecone' }],
  [/^chromadb\b/, { sdk: 'chromadb', vector: 'chroma' }],
  [/^weaviate\b/, { sdk: 'weaviate-client', vector: 'weaviate' }],
  [/^qdrant_client\b/, { sdk: 'qdrant-client', vector: 'qdrant' }],
  [/^pymilvus\b/, { sdk: 'pymilvus', vector: 'milvus' }],
  [/^pgvector\b/, { sdk: 'pgvector', vector: 'pgvector' }],
  [/^faiss\b/, { sdk: 'faiss', vector: 'faiss' }],
  [/^opensearchpy\b/, { sdk: 'opensearch-py', vector: 'opensearch' }],
  [/^azure\.search\.documents\b/, { sdk: 'azure-search-documents', vector: 'azure-ai-search' }],
  [/^elasticsearch\b/, { sdk: 'elasticsearch', vector: 'elasticsearch' }],
];

const JS: Table = [
  [/^openai$/, { sdk: 'openai', provider: 'openai', names: { AzureOpenAI: 'azure-openai' } }],
  [/^@anthropic-ai\/sdk\b/, { sdk: '@anthropic-ai/sdk', provider: 'anthropic' }],
  [/^@anthropic-ai\/bedrock-sdk\b/, { sdk: '@anthropic-ai/bedrock-sdk', provider: 'aws-bedrock' }],
  [/^@anthropic-ai\/vertex-sdk\b/, { sdk: '@anthropic-ai/vertex-sdk', provider: 'google' }],
  [/^@google\/(genai|generative-ai)\b/, { sdk: '@google/genai', provider: 'google' }],
  [/^@google-cloud\/vertexai\b/, { sdk: '@google-cloud/vertexai', provider: 'google' }],
  [/^@aws-sdk\/client-bedrock(-agent)?-runtime\b/, { sdk: '@aws-sdk/client-bedrock-runtime', provider: 'aws-bedrock' }],
  [/^@azure\/openai\b/, { sdk: '@azure/openai', provider: 'azure-openai' }],
  [/^@mistralai\/mistralai\b/, { sdk: '@mistralai/mistralai', provider: 'mistral' }],
  [/^cohere-ai\b/, { sdk: 'cohere-ai', provider: 'cohere' }],
  [/^groq-sdk\b/, { sdk: 'groq-sdk', provider: 'groq' }],
  [/^together-ai\b/, { sdk: 'together-ai', provider: 'together' }],
  [/^ollama\b/, { sdk: 'ollama', provider: 'ollama' }],
  [/^replicate$/, { sdk: 'replicate', provider: 'replicate' }],
  [/^@huggingface\/inference\b/, { sdk: '@huggingface/inference', provider: 'huggingface' }],
  [/^@ai-sdk\/openai\b/, { sdk: '@ai-sdk/openai', provider: 'openai' }],
  [/^@ai-sdk\/azure\b/, { sdk: '@ai-sdk/azure', provider: 'azure-openai' }],
  [/^@ai-sdk\/anthropic\b/, { sdk: '@ai-sdk/anthropic', provider: 'anthropic' }],
  [/^@ai-sdk\/google(-vertex)?\b/, { sdk: '@ai-sdk/google', provider: 'google' }],
  [/^@ai-sdk\/amazon-bedrock\b/, { sdk: '@ai-sdk/amazon-bedrock', provider: 'aws-bedrock' }],
  [/^@ai-sdk\/mistral\b/, { sdk: '@ai-sdk/mistral', provider: 'mistral' }],
  [/^@ai-sdk\/(groq|xai|deepseek|perplexity|fireworks|cohere)\b/, { sdk: '@ai-sdk/*', router: true }],
  [/^@ai-sdk\/togetherai\b/, { sdk: '@ai-sdk/togetherai', provider: 'together' }],
  [/^ai$/, { sdk: 'ai (vercel)', router: true }],
  [/^@openai\/agents\b/, { sdk: '@openai/agents', provider: 'openai', agents: 'openai-agents' }],
  [/^@langchain\/openai\b/, { sdk: '@langchain/openai', provider: 'openai', names: { AzureChatOpenAI: 'azure-openai' } }],
  [/^@langchain\/anthropic\b/, { sdk: '@langchain/anthropic', provider: 'anthropic' }],
  [/^@langchain\/(google-genai|google-vertexai)\b/, { sdk: '@langchain/google', provider: 'google' }],
  [/^@langchain\/aws\b/, { sdk: '@langchain/aws', provider: 'aws-bedrock' }],
  [/^@langchain\/ollama\b/, { sdk: '@langchain/ollama', provider: 'ollama' }],
  [/^@langchain\/mistralai\b/, { sdk: '@langchain/mistralai', provider: 'mistral' }],
  [/^@langchain\/pinecone\b/, { sdk: '@langchain/pinecone', vector: 'pinecone' }],
  [/^@langchain\/qdrant\b/, { sdk: '@langchain/qdrant', vector: 'qdrant' }],
  [/^@langchain\/langgraph\b/, { sdk: '@langchain/langgraph', router: true, agents: 'langgraph' }],
  [/^(langchain|@langchain\/core|@langchain\/community)\b/, { sdk: 'langchain', router: true, agents: 'langchain' }],
  [/^@pinecone-database\/pinecone\b/, { sdk: '@pinecone-database/pinecone', vector: 'pinecone' }],
  [/^chromadb\b/, { sdk: 'chromadb', vector: 'chroma' }],
  [/^@qdrant\/js-client-(rest|grpc)\b/, { sdk: '@qdrant/js-client', vector: 'qdrant' }],
  [/^weaviate-(ts-)?client\b/, { sdk: 'weaviate-client', vector: 'weaviate' }],
  [/^@zilliz\/milvus2-sdk-node\b/, { sdk: '@zilliz/milvus2-sdk-node', vector: 'milvus' }],
  [/^pgvector\b/, { sdk: 'pgvector', vector: 'pgvector' }],
  [/^@opensearch-project\/opensearch\b/, { sdk: '@opensearch-project/opensearch', vector: 'opensearch' }],
  [/^@azure\/search-documents\b/, { sdk: '@azure/search-documents', vector: 'azure-ai-search' }],
  [/^@elastic\/elasticsearch\b/, { sdk: '@elastic/elasticsearch', vector: 'elasticsearch' }],
];

const GO: Table = [
  [/^github\.com\/sashabaranov\/go-openai\b/, { sdk: 'go-openai', provider: 'openai' }],
  [/^github\.com\/openai\/openai-go\b/, { sdk: 'openai-go', provider: 'openai' }],
  [/^github\.com\/anthropics\/anthropic-sdk-go\b/, { sdk: 'anthropic-sdk-go', provider: 'anthropic' }],
  [/^(cloud\.google\.com\/go\/vertexai|google\.golang\.org\/genai|github\.com\/google\/generative-ai-go)\b/, { sdk: 'google-genai-go', provider: 'google' }],
  [/^github\.com\/aws\/aws-sdk-go-v2\/service\/bedrock(agent)?runtime\b/, { sdk: 'aws-sdk-go-v2/bedrockruntime', provider: 'aws-bedrock' }],
  [/^github\.com\/ollama\/ollama\/api\b/, { sdk: 'ollama-go', provider: 'ollama' }],
  [/^github\.com\/cohere-ai\/cohere-go\b/, { sdk: 'cohere-go', provider: 'cohere' }],
  [/^github\.com\/tmc\/langchaingo\b/, { sdk: 'langchaingo', router: true, agents: 'langchaingo' }],
  [/^github\.com\/pinecone-io\/go-pinecone\b/, { sdk: 'go-pinecone', vector: 'pinecone' }],
  [/^github\.com\/qdrant\/go-client\b/, { sdk: 'qdrant-go', vector: 'qdrant' }],
  [/^github\.com\/milvus-io\/milvus-sdk-go\b/, { sdk: 'milvus-sdk-go', vector: 'milvus' }],
  [/^github\.com\/weaviate\/weaviate-go-client\b/, { sdk: 'weaviate-go-client', vector: 'weaviate' }],
  [/^github\.com\/pgvector\/pgvector-go\b/, { sdk: 'pgvector-go', vector: 'pgvector' }],
  [/^github\.com\/amikos-tech\/chroma-go\b/, { sdk: 'chroma-go', vector: 'chroma' }],
  [/^github\.com\/opensearch-project\/opensearch-go\b/, { sdk: 'opensearch-go', vector: 'opensearch' }],
  [/^github\.com\/elastic\/go-elasticsearch\b/, { sdk: 'go-elasticsearch', vector: 'elasticsearch' }],
];

const JAVA: Table = [
  [/^(com\.openai|com\.theokanning\.openai)\b/, { sdk: 'openai-java', provider: 'openai' }],
  [/^com\.azure\.ai\.openai\b/, { sdk: 'azure-ai-openai', provider: 'azure-openai' }],
  [/^com\.anthropic\b/, { sdk: 'anthropic-java', provider: 'anthropic' }],
  [/^software\.amazon\.awssdk\.services\.bedrock(agent)?runtime\b/, { sdk: 'aws-sdk-java/bedrockruntime', provider: 'aws-bedrock' }],
  [/^(com\.google\.cloud\.vertexai|com\.google\.genai)\b/, { sdk: 'google-genai-java', provider: 'google' }],
  [/^dev\.langchain4j\.model\.openai\b/, { sdk: 'langchain4j-open-ai', provider: 'openai' }],
  [/^dev\.langchain4j\.model\.anthropic\b/, { sdk: 'langchain4j-anthropic', provider: 'anthropic' }],
  [/^dev\.langchain4j\.model\.azure\b/, { sdk: 'langchain4j-azure-open-ai', provider: 'azure-openai' }],
  [/^dev\.langchain4j\.model\.bedrock\b/, { sdk: 'langchain4j-bedrock', provider: 'aws-bedrock' }],
  [/^dev\.langchain4j\.model\.vertexai\b/, { sdk: 'langchain4j-vertex-ai', provider: 'google' }],
  [/^dev\.langchain4j\.model\.ollama\b/, { sdk: 'langchain4j-ollama', provider: 'ollama' }],
  [/^dev\.langchain4j\.model\.mistralai\b/, { sdk: 'langchain4j-mistral-ai', provider: 'mistral' }],
  [/^dev\.langchain4j\.store\.embedding\.pinecone\b/, { sdk: 'langchain4j-pinecone', vector: 'pinecone' }],
  [/^dev\.langchain4j\.store\.embedding\.chroma\b/, { sdk: 'langchain4j-chroma', vector: 'chroma' }],
  [/^dev\.langchain4j\.store\.embedding\.qdrant\b/, { sdk: 'langchain4j-qdrant', vector: 'qdrant' }],
  [/^dev\.langchain4j\.store\.embedding\.milvus\b/, { sdk: 'langchain4j-milvus', vector: 'milvus' }],
  [/^dev\.langchain4j\.store\.embedding\.pgvector\b/, { sdk: 'langchain4j-pgvector', vector: 'pgvector' }],
  [/^dev\.langchain4j\.store\.embedding\.weaviate\b/, { sdk: 'langchain4j-weaviate', vector: 'weaviate' }],
  [/^dev\.langchain4j\.store\.embedding\.opensearch\b/, { sdk: 'langchain4j-opensearch', vector: 'opensearch' }],
  [/^dev\.langchain4j\.store\.embedding\.azure\.search\b/, { sdk: 'langchain4j-azure-ai-search', vector: 'azure-ai-search' }],
  [/^dev\.langchain4j\.store\.embedding\.elasticsearch\b/, { sdk: 'langchain4j-elasticsearch', vector: 'elasticsearch' }],
  [/^dev\.langchain4j\b/, { sdk: 'langchain4j', router: true, agents: 'langchain4j' }],
  [/^org\.springframework\.ai\.openai\b/, { sdk: 'spring-ai-openai', provider: 'openai' }],
  [/^org\.springframework\.ai\.anthropic\b/, { sdk: 'spring-ai-anthropic', provider: 'anthropic' }],
  [/^org\.springframework\.ai\.azure\.openai\b/, { sdk: 'spring-ai-azure-openai', provider: 'azure-openai' }],
  [/^org\.springframework\.ai\.bedrock\b/, { sdk: 'spring-ai-bedrock', provider: 'aws-bedrock' }],
  [/^org\.springframework\.ai\.vertexai\b/, { sdk: 'spring-ai-vertex-ai', provider: 'google' }],
  [/^org\.springframework\.ai\.ollama\b/, { sdk: 'spring-ai-ollama', provider: 'ollama' }],
  [/^org\.springframework\.ai\.mistralai\b/, { sdk: 'spring-ai-mistral-ai', provider: 'mistral' }],
  [/^org\.springframework\.ai\.vectorstore\.pgvector\b/, { sdk: 'spring-ai-pgvector', vector: 'pgvector' }],
  [/^org\.springframework\.ai\b/, { sdk: 'spring-ai', router: true }],
  [/^io\.pinecone\b/, { sdk: 'pinecone-java', vector: 'pinecone' }],
  [/^io\.qdrant\b/, { sdk: 'qdrant-java', vector: 'qdrant' }],
  [/^io\.milvus\b/, { sdk: 'milvus-java', vector: 'milvus' }],
  [/^io\.weaviate\b/, { sdk: 'weaviate-java', vector: 'weaviate' }],
  [/^com\.pgvector\b/, { sdk: 'pgvector-java', vector: 'pgvector' }],
  [/^org\.opensearch\.client\b/, { sdk: 'opensearch-java', vector: 'opensearch' }],
  [/^com\.azure\.search\.documents\b/, { sdk: 'azure-search-documents', vector: 'azure-ai-search' }],
  [/^co\.elastic\.clients\b/, { sdk: 'elasticsearch-java', vector: 'elasticsearch' }],
];

const TABLES: Record<Lang, Table> = { python: PY, js: JS, go: GO, java: JAVA };

/** The meaning of an imported module in `lang`, or undefined when it is not AI-related. */
export function moduleMeaning(lang: Lang, module: string): ModuleMeaning | undefined {
  for (const [re, m] of TABLES[lang]) if (re.test(module)) return m;
  return undefined;
}

/** Display names of the vector-store products. */
export const VECTOR_STORE_NAMES: Record<string, string> = {
  pinecone: 'Pinecone',
  chroma: 'Chroma',
  weaviate: 'Weaviate',
  qdrant: 'Qdrant',
  milvus: 'Milvus',
  pgvector: 'pgvector',
  faiss: 'FAISS',
  opensearch: 'OpenSearch',
  'azure-ai-search': 'Azure AI Search',
  elasticsearch: 'Elasticsearch',
};

/** LangChain vector-store classes that name their product without a product import. */
export const VECTOR_CLASSES: Record<string, string> = {
  FAISS: 'faiss',
  Chroma: 'chroma',
  Pinecone: 'pinecone',
  PineconeVectorStore: 'pinecone',
  PineconeStore: 'pinecone',
  Qdrant: 'qdrant',
  QdrantVectorStore: 'qdrant',
  Milvus: 'milvus',
  PGVector: 'pgvector',
  PGVectorStore: 'pgvector',
  PgVectorStore: 'pgvector',
  PgVectorEmbeddingStore: 'pgvector',
  OpenSearchVectorSearch: 'opensearch',
  AzureSearch: 'azure-ai-search',
  ElasticsearchStore: 'elasticsearch',
  WeaviateVectorStore: 'weaviate',
  MemoryVectorStore: '',
};
