import Foundation
import Testing

@testable import ZKProbe

struct EndpointTests {
    struct Valid: Sendable, CustomStringConvertible {
        var text: String
        var host: String
        var port: Int
        var written: String
        var description: String { "\"\(text)\"" }
    }

    static let valid: [Valid] = [
        Valid(text: "zk1", host: "zk1", port: 2181, written: "zk1:2181"),
        Valid(text: "zk1:2182", host: "zk1", port: 2182, written: "zk1:2182"),
        Valid(text: "zk1.example.com:2181", host: "zk1.example.com", port: 2181, written: "zk1.example.com:2181"),
        Valid(text: "10.0.0.1:99", host: "10.0.0.1", port: 99, written: "10.0.0.1:99"),
        Valid(text: "[::1]:2181", host: "::1", port: 2181, written: "[::1]:2181"),
        Valid(text: "[::1]:3000", host: "::1", port: 3000, written: "[::1]:3000"),
        Valid(text: "[::1]", host: "::1", port: 2181, written: "[::1]:2181"),
        Valid(text: "::1", host: "::1", port: 2181, written: "[::1]:2181"),
        Valid(text: "fe80::1%eth0", host: "fe80::1%eth0", port: 2181, written: "[fe80::1%eth0]:2181"),
        Valid(text: "2001:db8::5", host: "2001:db8::5", port: 2181, written: "[2001:db8::5]:2181"),
        Valid(text: "  zk1:2181\n", host: "zk1", port: 2181, written: "zk1:2181"),
        Valid(text: "zk1:65535", host: "zk1", port: 65535, written: "zk1:65535"),
        Valid(text: "zk1:1", host: "zk1", port: 1, written: "zk1:1"),
    ]

    @Test(arguments: valid)
    func parsesHostAndPort(_ example: Valid) throws {
        let endpoint = try Endpoint(parsing: example.text)
        #expect(endpoint.host == example.host)
        #expect(endpoint.port == example.port)
        #expect(endpoint.description == example.written)
    }

    @Test(arguments: valid)
    func descriptionParsesBackToTheSameEndpoint(_ example: Valid) throws {
        let endpoint = try Endpoint(parsing: example.text)
        #expect(try Endpoint(parsing: endpoint.description) == endpoint)
    }

    @Test func usesTheGivenDefaultPort() throws {
        #expect(try Endpoint(parsing: "zk1", defaultPort: 2281).port == 2281)
        #expect(try Endpoint(parsing: "::1", defaultPort: 2281).port == 2281)
        #expect(try Endpoint(parsing: "zk1:2182", defaultPort: 2281).port == 2182)
    }

    static let invalid: [(String, EndpointError)] = [
        ("", .empty),
        ("   ", .empty),
        ("10.0.0.1:99999", .portOutOfRange("10.0.0.1:99999", port: 99999)),
        ("zk1:0", .portOutOfRange("zk1:0", port: 0)),
        ("host:abc", .invalidPort("host:abc", port: "abc")),
        ("host:-1", .invalidPort("host:-1", port: "-1")),
        ("host:+80", .invalidPort("host:+80", port: "+80")),
        ("host:99999999999999999999999", .invalidPort("host:99999999999999999999999", port: "99999999999999999999999")),
        ("host:", .missingPort("host:")),
        ("[::1]:", .missingPort("[::1]:")),
        (":2181", .emptyHost(":2181")),
        ("[]:2181", .emptyHost("[]:2181")),
        ("[::1", .unclosedBracket("[::1")),
        ("[::1]2181", .unexpectedText("[::1]2181", after: "]")),
        ("[zk1]:2181", .bracketsWithoutIPv6("[zk1]:2181")),
        ("zk 1:2181", .invalidHost("zk 1:2181", character: " ")),
        ("zk1/2181", .invalidHost("zk1/2181", character: "/")),
        ("http://zk1:2181", .hasScheme("http://zk1:2181")),
    ]

    @Test(arguments: invalid)
    func rejects(_ text: String, _ expected: EndpointError) {
        #expect(throws: expected) { try Endpoint(parsing: text) }
    }

    @Test(arguments: invalid)
    func rejectionIsOneLineNamingTheInput(_ text: String, _ expected: EndpointError) {
        let message = expected.description
        #expect(!message.contains("\n"))
        if !text.trimmingCharacters(in: .whitespaces).isEmpty {
            #expect(message.contains(text))
        }
    }
}
