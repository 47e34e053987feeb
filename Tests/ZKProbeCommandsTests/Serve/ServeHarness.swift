import CommandLineSupport
import Foundation
import Synchronization
import TestSupport
import ZKProbe

@testable import ZKProbeCommands
@testable import ZKProbeExporter

import Glibc

/// An exporter on 127.0.0.1 (port 0) serving a configuration text parsed by `zkprobe serve`'s own parser, run on
/// a thread until ``stop()``; its log lines are kept.
final class ServeHarness: Sendable {
    let exporter: Exporter
    let logLines = Locked<[String]>([])
    private let finished = DispatchSemaphore(value: 0)

    var port: Int { Int(exporter.address.split(separator: ":").last!)! }
    var log: String { logLines.withLock { $0.joined() } }

    /// What a reload reads as the file (`nil`: the file cannot be read); starts as the configuration served.
    let fileText: Locked<String?>

    /// Serves `config`, read as `/virtual/serve.conf`, asking the learned members `allowedLearned` (as
    /// `--allow-learned-members` does) at start and on reload.
    init(
        _ config: String, settings: ExporterSettings = ExporterSettings(), allowedLearned: Set<Endpoint> = []
    ) throws {
        let fileText = Locked<String?>(config)
        self.fileText = fileText
        var settings = settings
        settings.listen = "127.0.0.1:0"
        let path = "/virtual/serve.conf"
        let configuration = try ServeConfiguration.parse(
            config, path: path, readFile: TextFile.memory(), allowedLearned: allowedLearned)
        let lines = logLines
        exporter = try Exporter(
            settings: settings, configuration: configuration, version: "test",
            log: ExporterLog(sink: { line in lines.withLock { $0.append(line) } }),
            reload: {
                ServeConfiguration.load(
                    path, readFile: TextFile.memory(fileText.withLock { $0 }.map { [path: $0] } ?? [:]),
                    allowedLearned: allowedLearned)
            })
        let exporter = self.exporter
        let finished = self.finished
        Thread.detachNewThread {
            exporter.run()
            finished.signal()
        }
    }

    /// Stops the exporter and waits (at most 30 s) for its loop to return; `true` when it did.
    @discardableResult
    func stop() -> Bool {
        exporter.stop()
        return finished.wait(timeout: .now() + 30) == .success
    }

    deinit { exporter.stop() }
}

/// A value shared between threads behind a lock (a class, so closures can hold it).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

/// A raw HTTP client over a socket, so that tests can send what no library would (huge heads, half requests).
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Response {
        var status: Int
        var head: String
        var body: String
    }

    /// A connected socket to 127.0.0.1:`port`.
    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw RawHTTP.Failure(description: "connect 127.0.0.1:\(port) failed: errno \(errno)")
        }
        return fd
    }

    static func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Everything until the server closes, or `nil` when it has not closed within `cap` (a hang, not a timing).
    static func readToEnd(_ fd: Int32, cap: Duration = .seconds(60)) -> [UInt8]? {
        var data: [UInt8] = []
        let end = ContinuousClock.now + cap
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < end {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 100) >= 0 else { return nil }
            if p.revents == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return data }
            data += buffer[..<n]
        }
        return nil
    }

    /// The status, head and body of one response; a chunked body is decoded (`nil` when its framing is broken).
    static func parse(_ bytes: [UInt8]) -> Response? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let head = String(text[..<split.lowerBound])
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var body = String(text[split.upperBound...])
        if head.lowercased().contains("\r\ntransfer-encoding: chunked") {
            guard let decoded = dechunked(Array(body.utf8)) else { return nil }
            body = String(decoding: decoded, as: UTF8.self)
        }
        return Response(status: status, head: head, body: body)
    }

    /// The body of a chunked message (sizes in hex, each chunk and the last, empty one followed by CRLF); `nil` when
    /// the framing is broken or bytes follow the last chunk.
    static func dechunked(_ bytes: [UInt8]) -> [UInt8]? {
        var body: [UInt8] = []
        var rest = bytes[...]
        while true {
            guard let lineEnd = rest.firstIndex(of: 13), rest.index(after: lineEnd) < rest.endIndex,
                rest[rest.index(after: lineEnd)] == 10,
                let size = Int(String(decoding: rest[..<lineEnd], as: UTF8.self), radix: 16)
            else { return nil }
            rest = rest[(lineEnd + 2)...]
            guard rest.count >= size + 2, rest.dropFirst(size).prefix(2).elementsEqual([13, 10]) else { return nil }
            if size == 0 { return rest.count == 2 ? body : nil }
            body += rest.prefix(size)
            rest = rest.dropFirst(size + 2)
        }
    }

    /// `GET path` with `Connection: close` and `headers`; the whole response.
    static func get(_ port: Int, _ path: String, headers: [String] = []) throws -> Response {
        let fd = try connect(port)
        defer { close(fd) }
        send(
            fd,
            "GET \(path) HTTP/1.1\r\nHost: test\r\nConnection: close\r\n" + headers.map { $0 + "\r\n" }.joined()
                + "\r\n")
        guard let bytes = readToEnd(fd), let response = parse(bytes) else {
            throw RawHTTP.Failure(description: "GET \(path): no complete response")
        }
        return response
    }
}

/// A member that answers like a ZooKeeper 3.8 server of mode `mode`.
func fakeReply(_ word: String, mode: String = "standalone") -> [UInt8] {
    let version = "3.8.0-5a02a05, built on 2022-02-25 08:49 UTC"
    let text: String
    switch word {
    case "ruok": text = "imok"
    case "srvr", "stat":
        text =
            "Zookeeper version: \(version)\nLatency min/avg/max: 0/0.5/7\nReceived: 120\nSent: 119\nConnections: 2\n"
            + "Outstanding: 0\nZxid: 0x100000003\nMode: \(mode)\nNode count: 5\n"
    case "mntr": text = "zk_version\t\(version)\nzk_server_state\t\(mode)\nzk_avg_latency\t0.5\n"
    case "conf": text = "clientPort=2181\ntickTime=2000\n"
    default: text = ""
    }
    return Array(text.utf8)
}

/// The value of the sample `series` (name and labels exactly as printed) in an exposition.
func sample(_ exposition: String, _ series: String) -> Double? {
    for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
        return Double(line.dropFirst(series.count + 1))
    }
    return nil
}
