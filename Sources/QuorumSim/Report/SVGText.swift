import ToolkitSupport

/// A coordinate or size in an SVG document: one decimal.
func svgNumber(_ v: Double) -> String { NumberText.printf("%.1f", v) }

/// `s` escaped for XML text and attribute values.
func xmlEscape(_ s: String) -> String {
    s.replacingEvery("&", with: "&amp;").replacingEvery("<", with: "&lt;")
        .replacingEvery(">", with: "&gt;").replacingEvery("\"", with: "&quot;")
}
