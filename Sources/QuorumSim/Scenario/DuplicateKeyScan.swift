/// Finds the first key written twice in one JSON object. Foundation's parser keeps the last value silently, so a
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
        var stack: [Container] = []
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let path = childPath(stack)
                let opened: Container =
                    byte == UInt8(ascii: "{") ? .object(path: path, keys: [], pendingKey: nil) : .array(path: path, index: 0)
                stack.append(opened)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                finishValue(&stack)
            case UInt8(ascii: ","):
                if case .array(let path, let index)? = stack.last {
                    stack[stack.count - 1] = .array(path: path, index: index + 1)
                } else {
                    finishValue(&stack)  // after a number, true, false or null
                }
            case UInt8(ascii: "\""):
                let (text, end) = string(bytes, from: i)
                if case .object(let path, var keys, nil)? = stack.last, isKey(bytes, after: end) {
                    if !keys.insert(text).inserted {
                        return Duplicate(path: path.isEmpty ? text : "\(path).\(text)", offset: i)
                    }
                    stack[stack.count - 1] = .object(path: path, keys: keys, pendingKey: text)
                } else {
                    finishValue(&stack)
                }
                i = end
            default:
                break
            }
            i += 1
        }
        return nil
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
