import Glibc

extension NumberText {
    /// `value` formatted by C's `printf` rules with `format`: the text Foundation's `String(format:)` gives
    /// (it hands doubles to the same C routine), without linking Foundation and its ICU data.
    ///
    /// `format` is written in the code, never taken from input: it holds exactly one conversion of a double
    /// (`%.3f`, `%.2g`, `%.1e`), and may hold other text and `%%`. The process keeps the C locale (nothing
    /// calls `setlocale`), so the decimal point is always `.`. The corresponding C function is `vsnprintf`.
    package static func printf(_ format: String, _ value: Double) -> String {
        var capacity = 64
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let length = withVaList([value]) { arguments in
                format.withCString { vsnprintf(&buffer, capacity, $0, arguments) }
            }
            precondition(length >= 0, "vsnprintf rejected the format \(format)")
            if Int(length) < capacity {
                return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            capacity = Int(length) + 1
        }
    }
}
