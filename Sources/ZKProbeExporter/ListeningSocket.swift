import Glibc
import SystemSupport
import ToolkitSupport

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

    /// Binds and listens on `text`: the first address the resolver gives for it, non-blocking and close-on-exec.
    ///
    /// - Throws: ``ExporterStartError`` naming the address (resolution, `socket`, `bind`, `listen`).
    init(_ text: String, backlog: Int32 = 1024) throws(ExporterStartError) {
        guard let (host, port) = Self.split(text) else {
            throw ExporterStartError(
                call: "listen address \(text) (expected HOST:PORT or [V6]:PORT)", .system(Errno(EINVAL)))
        }
        let address: SocketAddress
        switch Syscalls.resolve(host: host, port: port, numericOnly: false, passive: true) {
        case .success(let addresses): address = addresses[0]
        case .failure(let failure): throw ExporterStartError(call: "resolve \(host)", .resolution(failure))
        }
        do {
            descriptor = try Syscalls.listen(on: address, backlog: backlog)
        } catch {
            throw ExporterStartError(
                call: error.step == "socket" ? "socket" : "\(error.step) \(text)", .system(error.errno))
        }
        let bound = Syscalls.boundPort(descriptor) ?? port
        self.address = host.contains(":") ? "[\(host)]:\(bound)" : "\(host):\(bound)"
    }
}
