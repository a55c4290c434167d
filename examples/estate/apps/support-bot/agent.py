"""Acme Health support bot: a LangChain ReAct agent that answers clinic staff questions.

It retrieves policy snippets from the Pinecone knowledge base and can "look things up" with
HTTP requests. The ops team also gave it a shell tool to restart the appointment sync job,
which is the part the security review flagged.
"""

import os

from langchain.agents import AgentExecutor, create_react_agent
from langchain_community.tools import ShellTool
from langchain_community.tools.requests.tool import RequestsGetTool
from langchain_community.utilities.requests import TextRequestsWrapper
from langchain_core.prompts import PromptTemplate
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_pinecone import PineconeVectorStore
from pinecone import Pinecone

from llm_clients import summarise_with_claude

INDEX_NAME = "acme-support-kb"

# Keys come from the environment (see .env.example); nothing is hard-coded here.
pc = Pinecone(api_key=os.environ["PINECONE_API_KEY"])
index = pc.Index(INDEX_NAME)
embeddings = OpenAIEmbeddings(model="text-embedding-3-small")
store = PineconeVectorStore(index=index, embedding=embeddings)
retriever = store.as_retriever(search_kwargs={"k": 4})

llm = ChatOpenAI(model="gpt-4o", temperature=0)

shell = ShellTool()  # restarts the sync job: `systemctl restart appointment-sync`
fetch = RequestsGetTool(requests_wrapper=TextRequestsWrapper(), allow_dangerous_requests=True)
tools = [shell, fetch]

prompt = PromptTemplate.from_template(
    "You are Acme Health's internal support assistant.\n"
    "Tools: {tools}\nTool names: {tool_names}\n"
    "Question: {input}\n{agent_scratchpad}"
)

agent = create_react_agent(llm, tools, prompt)
support_agent = AgentExecutor(agent=agent, tools=tools, max_iterations=8, handle_parsing_errors=True)


def answer(question: str) -> str:
    """Answer one staff question, with policy context from the knowledge base."""
    context = "\n\n".join(d.page_content for d in retriever.invoke(question))
    result = support_agent.invoke({"input": f"{question}\n\nPolicy context:\n{context}"})
    return summarise_with_claude(result["output"])


# Old prototype, kept for reference — not live:
# from langchain_community.tools import PythonREPLTool
# tools.append(PythonREPLTool())
