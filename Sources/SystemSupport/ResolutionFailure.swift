import Glibc

/// A `getaddrinfo` failure: its `EAI_*` code, `errno` when the code is `EAI_SYSTEM`, and the text for people.
public struct ResolutionFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `EAI_*` constant, such as `EAI_NONAME`.
    public var code: Int32
    /// The `errno` behind `EAI_SYSTEM`; `nil` for every other code.
    public var errno: Errno?
    /// `gai_strerror`'s text, `strerror`'s for `EAI_SYSTEM`, or the resolver's own reason.
    public var message: String

    package init(code: Int32, errno: Errno? = nil, message: String? = nil) {
        self.code = code
        self.errno = code == EAI_SYSTEM ? errno : nil
        self.message = message ?? self.errno?.description ?? String(cString: gai_strerror(code))
    }

    public var description: String { message }

    /// Whether the resolver ran short of memory (`EAI_MEMORY`, or `EAI_SYSTEM` with a resource shortage): the
    /// caller's trouble, not the name's.
    public var isResourceShortage: Bool {
        code == EAI_MEMORY || errno?.isResourceShortage == true
    }

    /// Whether the name is not a numeric address (`EAI_NONAME` from a numeric-only lookup).
    package var isNotNumeric: Bool { code == EAI_NONAME }
}
