/// Encodes an `Encodable` value as a ``JSONValue``, keeping keys in the order the value encodes them (for
/// synthesized conformances: declaration order) and writing `nil` optionals as `null`, so that a `Codable`
/// type can be the one contract between a writer and its readers.
///
/// Supports what the reports need: objects, arrays, strings, booleans, integers and doubles. Dates, data and
/// super-encoders are not used by any report and are written through their own `encode(to:)` as usual.
package struct JSONValueEncoder {
    package init() {}

    package func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = Node()
        try value.encode(to: ValueEncoder(node: node, codingPath: []))
        return node.value
    }

    /// A reference to a value being built, so that nested containers can fill it in after they are returned.
    fileprivate final class Node {
        enum Content {
            case value(JSONValue)
            case object([(String, Node)])
            case array([Node])
        }
        var content = Content.value(.null)

        var value: JSONValue {
            switch content {
            case .value(let v): return v
            case .object(let pairs): return .object(pairs.map { ($0.0, $0.1.value) })
            case .array(let nodes): return .array(nodes.map(\.value))
            }
        }

        func appendChild(key: String) -> Node {
            let child = Node()
            if case .object(var pairs) = content {
                if let i = pairs.firstIndex(where: { $0.0 == key }) {
                    pairs[i].1 = child
                } else {
                    pairs.append((key, child))
                }
                content = .object(pairs)
            } else {
                content = .object([(key, child)])
            }
            return child
        }

        func appendElement() -> Node {
            let child = Node()
            if case .array(let nodes) = content {
                content = .array(nodes + [child])
            } else {
                content = .array([child])
            }
            return child
        }

        func set<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
            switch value {
            case let v as String: content = .value(.string(v))
            case let v as Bool: content = .value(.bool(v))
            case let v as Double: content = .value(.double(v))
            case let v as Float: content = .value(.double(Double(v)))
            case let v as Int: content = .value(.int(Int64(v)))
            case let v as Int64: content = .value(.int(v))
            case let v as Int32: content = .value(.int(Int64(v)))
            case let v as Int16: content = .value(.int(Int64(v)))
            case let v as Int8: content = .value(.int(Int64(v)))
            case let v as UInt: content = .value(.unsigned(UInt64(v)))
            case let v as UInt16: content = .value(.int(Int64(v)))
            case let v as UInt8: content = .value(.int(Int64(v)))
            case let v as UInt64: content = .value(.unsigned(v))
            case let v as UInt32: content = .value(.int(Int64(v)))
            case let v as JSONValue: content = .value(v)
            default: try value.encode(to: ValueEncoder(node: self, codingPath: codingPath))
            }
        }
    }

    fileprivate struct ValueEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = node.content {} else { node.content = .object([]) }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = node.content {} else { node.content = .array([]) }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    fileprivate struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { _ = node.appendChild(key: key.stringValue) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try node.appendChild(key: key.stringValue).set(value, codingPath: codingPath + [key])
        }

        // Synthesized conformances call these for optionals; a missing value is written as `null`, not left out.
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return try encodeNil(forKey: key) }
            try encode(value, forKey: key)
        }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, key) }

        private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
            guard let value else { return try encodeNil(forKey: key) }
            try encode(value, forKey: key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            let child = node.appendChild(key: key.stringValue)
            return ValueEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            ValueEncoder(node: node.appendChild(key: key.stringValue), codingPath: codingPath + [key])
                .unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { ValueEncoder(node: node, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            ValueEncoder(node: node.appendChild(key: key.stringValue), codingPath: codingPath + [key])
        }
    }

    fileprivate struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int {
            if case .array(let nodes) = node.content { return nodes.count }
            return 0
        }

        mutating func encodeNil() throws { _ = node.appendElement() }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try node.appendElement().set(value, codingPath: codingPath)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            ValueEncoder(node: node.appendElement(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            ValueEncoder(node: node.appendElement(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { ValueEncoder(node: node.appendElement(), codingPath: codingPath) }
    }

    fileprivate struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.content = .value(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { try node.set(value, codingPath: codingPath) }
    }
}

extension JSONValue: Encodable {
    /// Lets a hand-built value sit inside a `Codable` report; ``JSONValueEncoder`` keeps it as it is.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .unsigned(let u): try container.encode(u)
        case .double(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .array(let items): try container.encode(items)
        case .object:
            // Only JSONValueEncoder needs this case, and it never calls here (it stores the value whole).
            try container.encodeNil()
        }
    }
}
