import ToolkitSupport

/// The name an operator gives an ensemble (`zkprobe check --ensemble NAME`): the value of the `ensemble` label
/// on every Prometheus series and of the `ensemble` key of the JSON document.
///
/// A name is 1 to ``maximumLength`` Unicode scalars with no control character (C0 with NUL, tab and line ends,
/// DEL, C1, U+2028/U+2029, bidirectional overrides: ``actsOnOutput(_:)``), so it cannot end a label, a line or a
/// Nagios status line early, or reach a terminal as an escape.
public enum EnsembleName {
    /// The longest name accepted, in Unicode scalars.
    public static let maximumLength = 128

    /// Why `name` cannot be an ensemble name, or `nil` when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "an empty name" }
        if name.unicodeScalars.count > maximumLength { return "longer than \(maximumLength) characters" }
        if name.unicodeScalars.contains(where: isControl) {
            return "a control character (tab, line end, escape, line separator)"
        }
        if name.first == " " || name.last == " " { return "a space at either end" }
        return nil
    }

    /// The characters `oneLine` escapes (``actsOnOutput(_:)``): a terminal or log reader would act on them.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool { actsOnOutput(scalar) }
}
