/// A coordinate or size in an SVG document: one decimal. The charts of both tools write their numbers so.
package func svgNumber(_ v: Double) -> String { NumberText.printf("%.1f", v) }

/// `s` escaped for XML text and attribute values.
package func xmlEscape(_ s: String) -> String {
    s.replacingEvery("&", with: "&amp;").replacingEvery("<", with: "&lt;")
        .replacingEvery(">", with: "&gt;").replacingEvery("\"", with: "&quot;")
}
