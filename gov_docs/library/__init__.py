"""Document library: a Whoosh index of the office's prior documents, recommendations, review history.

Public API:
    LibraryIndex(path)        .build(folder, progress=…), .update(), .search(…), .stats()
    ask(index, question)      questions about the library (gov_docs.library.recommend)
    recommend(index, doc_or_text, top=5) -> list[Recommendation]   documents the draft does not cite yet
    related(index, doc_or_text, top=5) -> (recommendations, the library documents it cites: 本文已引用)
    CommentStore(path)        reviewers' comments, suggested for similar drafts
    LibraryRetriever(index)   passages for drafting (gov_docs.llm.grounding.Retriever)
"""
