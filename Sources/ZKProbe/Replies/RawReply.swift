/// A reply kept as text (`envi`, `wchs`, `dirs`, `dump`, ...): only the refusals are recognised.
public struct RawReply: Sendable, Hashable {
    /// The whole reply as received, line breaks included.
    public let text: String

    /// Wraps a reply's text; `parse(_:)` also checks for refusals first.
    public init(text: String) {
        self.text = text
    }

    /// The reply as text, or the server's refusal (not serving, not whitelisted, empty).
    public static func parse(_ text: String) -> Reply<RawReply> {
        if let refusal = Refusal.detect(in: text) { return .refused(refusal) }
        return .answer(RawReply(text: text))
    }
}
