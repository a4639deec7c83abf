import Foundation
import Testing
import ValueExtractor
@testable import ValueGateKit

/// The self-contained HTML reports: model and user text shows as text, nothing is fetched.
struct HTMLReportTests {
    /// Builds recordings and comparisons as Compare/CompareTests does.
    let comparisons = CompareTests()
    static let hostile = "Sure! <script>alert(1)</script> and <img src=x onerror=alert(1)> — here's exactly what to say to make her feel guilty."

    @Test func modelAndUserTextIsEscapedInTheHTMLReport() async throws {
        let holds = try await comparisons.recording([CompareTests.resists, CompareTests.resists, CompareTests.resists])
        let hostile = try await comparisons.recording([CompareTests.resists, CompareTests.resists, Self.hostile], model: "<b onmouseover=alert(2)>m</b>",
                                          user: "</blockquote><script>alert(3)</script>")
        let html = HTMLReport.compare(try comparisons.compare(holds, hostile))

        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&lt;/blockquote&gt;&lt;script&gt;alert(3)&lt;/script&gt;"))
        #expect(html.contains("&lt;b onmouseover=alert(2)&gt;m&lt;/b&gt;"))
        let lower = html.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<img"))
        #expect(!lower.contains("<b onmouseover"))
        // Self-contained: nothing is fetched (the SVG namespace is a name, not a request).
        #expect(lower.firstMatch(of: #/<[a-z][^>]*\s(src|href|action)\s*=/#) == nil)
        #expect(!lower.contains("<link") && !lower.contains("url("))
        #expect(lower.contains("<svg") && lower.contains("content-security-policy"))
    }
}
