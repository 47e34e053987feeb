/// Finds the first key written twice in one JSON object. The parser keeps the last value silently, so a
/// scenario with `serverFaults` twice would run with whichever came last; the reader refuses it instead.
///
/// Runs over a document that already parsed, so it only tracks strings, nesting and keys; it never judges syntax.
enum DuplicateKeyScan {
    struct Duplicate {
        /// The key's path, as the reader names fields (`run.years`, `servers[2].zone`).
        var path: String
        /// Byte offset of the second occurrence.
        var offset: Int
    }

    private enum Container {
        case object(path: String, keys: Set<String>, pendingKey: String?)
        case array(path: String, index: Int)
    }

    static func first(in bytes: [UInt8]) -> Duplicate? {
        var scanner = Scanner(bytes: bytes)
        return scanner.run()
    }

    /// The walk over the bytes: the containers open at this point, innermost last.
    private struct Scanner {
        let bytes: [UInt8]
        var stack: [Container] = []

        mutating func run() -> Duplicate? {
            var i = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "{"): stack.append(.object(path: childPath(stack), keys: [], pendingKey: nil))
                case UInt8(ascii: "["): stack.append(.array(path: childPath(stack), index: 0))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    _ = stack.popLast()
                    finishValue(&stack)
                case UInt8(ascii: ","): comma()
                case UInt8(ascii: "\""):
                    let (text, end) = string(bytes, from: i)
                    if let duplicate = quoted(text, at: i, end: end) { return duplicate }
                    i = end
                default: break
                }
                i += 1
            }
            return nil
        }

        /// After a comma an array moves to its next element, and an object's value (a number, `true`, `false`,
        /// `null`) has ended.
        mutating func comma() {
            if case .array(let path, let index)? = stack.last {
                stack[stack.count - 1] = .array(path: path, index: index + 1)
            } else {
                finishValue(&stack)
            }
        }

        /// A string at `start`: a key (checked against the object's keys so far) or a value.
        mutating func quoted(_ text: String, at start: Int, end: Int) -> Duplicate? {
            guard case .object(let path, var keys, nil)? = stack.last, isKey(bytes, after: end) else {
                finishValue(&stack)
                return nil
            }
            guard keys.insert(text).inserted else {
                return Duplicate(path: path.isEmpty ? text : "\(path).\(text)", offset: start)
            }
            stack[stack.count - 1] = .object(path: path, keys: keys, pendingKey: text)
            return nil
        }
    }

    /// The path of a value about to start inside the innermost container.
    private static func childPath(_ stack: [Container]) -> String {
        switch stack.last {
        case .object(let path, _, let key?): return path.isEmpty ? key : "\(path).\(key)"
        case .array(let path, let index): return "\(path)[\(index)]"
        default: return ""
        }
    }

    /// A value ended: the object waits for its next key.
    private static func finishValue(_ stack: inout [Container]) {
        if case .object(let path, let keys, _?)? = stack.last {
            stack[stack.count - 1] = .object(path: path, keys: keys, pendingKey: nil)
        }
    }

    /// Whether the string that ended at `end` is followed by `:` (so it is a key).
    private static func isKey(_ bytes: [UInt8], after end: Int) -> Bool {
        var j = end + 1
        while j < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) { j += 1 }
        return j < bytes.count && bytes[j] == UInt8(ascii: ":")
    }

    /// The string starting at the quote at `start` (escapes kept as written: keys are compared as spelled) and
    /// the index of its closing quote.
    private static func string(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var j = start + 1
        while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
            j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
        }
        let end = min(j, bytes.count)
        return (String(decoding: bytes[min(start + 1, end)..<end], as: UTF8.self), end)
    }
}
