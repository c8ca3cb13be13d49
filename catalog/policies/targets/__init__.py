"""One renderer module per gateway. Each exposes INFO (FormatInfo), CAPS and render(ServerPolicy) -> str."""
