"""The web app over the engine: input checks (inputs), HTML (render), the shared engine (state), event handlers
(handlers), the gradio_client API (api) and the page (layout, static/). Gradio is used here and nowhere else."""

from web.layout import build_ui, serve
from web.state import ReferatApp

__all__ = ["ReferatApp", "build_ui", "serve"]
