import ToolkitSupport

/// A JSON object of an AdminServer reply, read key by key as `JSONDecoder` read the `Decodable` bodies it
/// replaced: a key that is missing or `null` is `nil`, a value of another type is a ``Mismatch`` naming its path
/// (the reply's own keys, `server_stats.server_state`).
struct AdminObject {
    /// Why a reply is not the JSON expected, in a few words (``AdminReplies`` puts them in its error).
    struct Mismatch: Error, Equatable {
        var words: String

        static let notAnObject = Mismatch(words: "not a JSON object")
        static func wrongType(_ path: String) -> Mismatch { Mismatch(words: "\"\(path)\" has the wrong type") }
    }

    let members: [String: JSONInput]
    /// The path of this object from the top of the reply, `""` at the top.
    let path: String

    /// `value` as an object, or ``Mismatch/notAnObject`` (at the top) or a wrong type at `path`.
    init(_ value: JSONInput, path: String = "") throws(Mismatch) {
        guard case .object(let members) = value else { throw path.isEmpty ? .notAnObject : .wrongType(path) }
        self.members = members
        self.path = path
    }

    /// The reply `body` parsed (top-level scalars included, as `JSONDecoder` took them) and required to be an
    /// object; `nil` when it is not JSON at all.
    static func parse(_ body: [UInt8]) throws(Mismatch) -> AdminObject? {
        guard let value = try? JSONInputParser.parse(body, allowingFragments: true) else { return nil }
        return try AdminObject(value)
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value at `key`, `nil` when it is absent or `null`.
    func present(_ key: String) -> JSONInput? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String) throws(Mismatch) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let text) = value else { throw .wrongType(child(key)) }
        return text
    }

    func bool(_ key: String) throws(Mismatch) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let flag) = value else { throw .wrongType(child(key)) }
        return flag
    }

    func scalar(_ key: String) -> AdminJSONValue? { present(key).map(AdminJSONValue.init) }

    func object(_ key: String) throws(Mismatch) -> AdminObject? {
        guard let value = present(key) else { return nil }
        return try AdminObject(value, path: child(key))
    }

    func strings(_ key: String) throws(Mismatch) -> [String]? {
        guard let value = present(key) else { return nil }
        guard case .array(let elements) = value else { throw .wrongType(child(key)) }
        var texts: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else { throw .wrongType("\(child(key)).\(index)") }
            texts.append(text)
        }
        return texts
    }

    /// Every member's value as an object, keyed as in the reply.
    func objects(_ key: String) throws(Mismatch) -> [String: AdminObject]? {
        guard let value = try object(key) else { return nil }
        var objects: [String: AdminObject] = [:]
        for (name, member) in value.members { objects[name] = try AdminObject(member, path: value.child(name)) }
        return objects
    }
}
