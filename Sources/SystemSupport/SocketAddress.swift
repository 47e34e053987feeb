import Glibc

/// One resolved IPv4 or IPv6 address with its port, ready for `connect`.
package enum SocketAddress: Sendable, Equatable, CustomStringConvertible {
    case v4(sockaddr_in)
    case v6(sockaddr_in6)

    /// Copies the address out of one `getaddrinfo` entry; `nil` for families other than IPv4 and IPv6.
    init?(_ entry: addrinfo) {
        guard let raw = entry.ai_addr else { return nil }
        self.init(family: entry.ai_family, bytes: UnsafeRawBufferPointer(start: raw, count: Int(entry.ai_addrlen)))
    }

    /// Copies a `sockaddr_in` or `sockaddr_in6` out of `bytes`; `nil` for other families or too few bytes.
    init?(family: Int32, bytes: UnsafeRawBufferPointer) {
        switch family {
        case AF_INET where bytes.count >= MemoryLayout<sockaddr_in>.size:
            self = .v4(bytes.loadUnaligned(as: sockaddr_in.self))
        case AF_INET6 where bytes.count >= MemoryLayout<sockaddr_in6>.size:
            self = .v6(bytes.loadUnaligned(as: sockaddr_in6.self))
        default:
            return nil
        }
    }

    /// The port, in host byte order.
    package var port: Int {
        switch self {
        case .v4(let address): return Int(UInt16(bigEndian: address.sin_port))
        case .v6(let address): return Int(UInt16(bigEndian: address.sin6_port))
        }
    }

    /// `AF_INET` or `AF_INET6`.
    package var family: Int32 {
        switch self {
        case .v4: return AF_INET
        case .v6: return AF_INET6
        }
    }

    /// Calls `body` with a `sockaddr` pointer and length for this address.
    package func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        switch self {
        case .v4(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }

    /// The numeric address without port, such as `127.0.0.1` or `::1`.
    package var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok: Bool
        switch self {
        case .v4(var address):
            ok = inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count)) != nil
        case .v6(var address):
            ok = inet_ntop(AF_INET6, &address.sin6_addr, &text, socklen_t(text.count)) != nil
        }
        guard ok else { return "?" }
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// The numeric address without port, an IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a socket
    /// listening on `[::]` sees of an IPv4 client) as its IPv4 form: one client, one spelling.
    package var unmappedDescription: String {
        let text = description
        guard case .v6 = self, text.hasPrefix("::ffff:"), text.contains(".") else { return text }
        return String(text.dropFirst("::ffff:".count))
    }

    package static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(var left), .v4(var right)):
            return memcmp(&left, &right, MemoryLayout<sockaddr_in>.size) == 0
        case (.v6(var left), .v6(var right)):
            return memcmp(&left, &right, MemoryLayout<sockaddr_in6>.size) == 0
        default:
            return false
        }
    }
}
