import Foundation

/// A coordinate or size in an SVG document: one decimal.
func svgNumber(_ v: Double) -> String { String(format: "%.1f", v) }

/// `s` escaped for XML text and attribute values.
func xmlEscape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
