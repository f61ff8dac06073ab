"""The user's guide of an instrument: what each part is, how to use it, worked examples
computed for its own latitude and epoch (``examples``), as text (``model``) that the PDF lays
out (``paper.guide_pages``) and ``guide.md`` repeats (``model.Guide.markdown``)."""
