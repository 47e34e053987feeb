import ToolkitSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The exporter's listening socket: `HOST:PORT` (`[V6]:PORT` for IPv6), numeric or a name, bound with
/// `SO_REUSEADDR`, non-blocking.
package struct ListeningSocket {
    let descriptor: Int32
    /// `host:port` as bound (the port the kernel picked for port 0).
    let address: String

    /// Splits `HOST:PORT` / `[V6]:PORT`; `nil` when the shape or the port (0-65535) is wrong.
    package static func split(_ text: String) -> (host: String, port: Int)? {
        var host: Substring
        var portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = DecimalText.integer(String(portText), as: UInt16.self) else { return nil }
        return (String(host), Int(port))
    }

    /// Binds and listens on `text`.
    ///
    /// - Throws: ``ExporterSystemError`` naming the address (resolution, `socket`, `bind`, `listen`).
    init(_ text: String, backlog: Int32 = 1024) throws(ExporterSystemError) {
        guard let (host, port) = Self.split(text) else {
            throw ExporterSystemError(call: "listen address \(text) (expected HOST:PORT or [V6]:PORT)", code: EINVAL)
        }
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let info = list else {
            throw ExporterSystemError(
                call: "resolve \(host)", code: EADDRNOTAVAIL, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ExporterSystemError(call: "socket", code: errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let code = errno
            ExporterSyscalls.close(fd)
            throw ExporterSystemError(call: "bind \(text)", code: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            ExporterSyscalls.close(fd)
            throw ExporterSystemError(call: "listen \(text)", code: code)
        }
        ExporterSyscalls.makeNonBlocking(fd)
        descriptor = fd
        address = Self.boundAddress(fd, host: host, fallbackPort: port)
    }

    /// `host:port` with the port `getsockname` reports.
    static func boundAddress(_ fd: Int32, host: String, fallbackPort: Int) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        var port = fallbackPort
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        if ok {
            if Int32(storage.ss_family) == AF_INET {
                port = withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                        Int(UInt16(bigEndian: $0.pointee.sin_port))
                    }
                }
            } else if Int32(storage.ss_family) == AF_INET6 {
                port = withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                        Int(UInt16(bigEndian: $0.pointee.sin6_port))
                    }
                }
            }
        }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
