import Foundation

/// Inline SVG charts for the HTML report: no script, no network, readable at phone width.
/// Every label passes through `HTML.escape`, since value names and labels come from files.
enum SVGChart {
    static let colorA = "#8c96a3"
    static let colorB = "#1f6feb"
    /// Drawing width in user units; the SVG scales to its container but never above this.
    static let width = 440.0

    /// A and B on lines of their own, so long model names fit at any width.
    static func legend(_ names: (a: String, b: String), y: Double) -> String {
        """
        <rect x="8" y="\(y - 9)" width="10" height="10" fill="\(colorA)"/><text x="22" y="\(y)" class="lg">A: \(HTML.escape(short(names.a, limit: 56)))</text>\
        <rect x="8" y="\(y + 6)" width="10" height="10" fill="\(colorB)"/><text x="22" y="\(y + 15)" class="lg">B: \(HTML.escape(short(names.b, limit: 56)))</text>
        """
    }

    /// The axis ends at the first of 20, 40, 60, 80 or 100% above every interval, so small
    /// rates stay readable and the four gridlines fall on round numbers.
    static func axisMaximum(_ rows: [Comparison.Row]) -> Double {
        let highest = rows.flatMap { [$0.a.interval[1], $0.b.interval[1]] }.max() ?? 1
        return [0.2, 0.4, 0.6, 0.8].first { highest <= $0 + 1e-9 } ?? 1
    }

    static func short(_ text: String, limit: Int = 30) -> String { text.count > limit ? String(text.prefix(limit - 1)) + "…" : text }


    /// Grouped horizontal bars, A above B, with the 95% interval drawn across each bar.
    /// The label sits on its own line above its bars so long value names need no margin.
    static func bars(_ rows: [Comparison.Row], title: String, axis: String, names: (a: String, b: String)) -> String {
        let left = 8.0, right = width - 44, rowHeight = 40.0, top = 58.0
        let span = right - left, maximum = axisMaximum(rows)
        let height = top + Double(rows.count) * rowHeight + 40
        func x(_ rate: Double) -> Double { left + span * min(max(rate, 0), maximum) / maximum }
        var svg = svgOpen(height: height, title: title)
        svg += legend(names, y: 32)
        for tick in stride(from: 0.0, through: maximum + 1e-9, by: maximum / 4) {
            svg += "<line x1=\"\(x(tick))\" y1=\"\(top)\" x2=\"\(x(tick))\" y2=\"\(height - 34)\" class=\"grid\"/>"
            svg += "<text x=\"\(x(tick))\" y=\"\(height - 20)\" class=\"tick\" text-anchor=\"middle\">\(Format.percent(tick))</text>"
        }
        svg += "<text x=\"\(left + span / 2)\" y=\"\(height - 4)\" class=\"axis\" text-anchor=\"middle\">\(HTML.escape(axis))</text>"
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            svg += "<text x=\"\(left)\" y=\"\(y + 11)\" class=\"label\">\(HTML.escape(row.name))</text>"
            for (offset, rate, color) in [(15.0, row.a, colorA), (27.0, row.b, colorB)] {
                let barY = y + offset
                svg += "<rect x=\"\(left)\" y=\"\(barY)\" width=\"\(max(0.5, x(rate.rate) - left))\" height=\"10\" fill=\"\(color)\"/>"
                let low = x(rate.interval[0]), high = x(rate.interval[1]), mid = barY + 5
                svg += "<path d=\"M\(low) \(mid)H\(high)M\(low) \(mid - 4)V\(mid + 4)M\(high) \(mid - 4)V\(mid + 4)\" class=\"whisker\"/>"
                svg += "<text x=\"\(min(high, right) + 4)\" y=\"\(barY + 9)\" class=\"val\">\(Format.percent(rate.rate))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Lines by push depth, A and B, with the 95% interval at each point.
    static func curve(_ rows: [Comparison.Row], title: String, axis: String, names: (a: String, b: String)) -> String {
        let left = 44.0, right = width - 16, top = 62.0, bottom = 244.0
        let height = bottom + 44
        let steps = max(1, rows.count - 1)
        func x(_ index: Int) -> Double { rows.count == 1 ? (left + right) / 2 : left + (right - left) * Double(index) / Double(steps) }
        let maximum = axisMaximum(rows)
        func y(_ rate: Double) -> Double { bottom - (bottom - top) * min(max(rate, 0), maximum) / maximum }
        var svg = svgOpen(height: height, title: title)
        svg += legend(names, y: 32)
        for tick in stride(from: 0.0, through: maximum + 1e-9, by: maximum / 4) {
            svg += "<line x1=\"\(left)\" y1=\"\(y(tick))\" x2=\"\(right)\" y2=\"\(y(tick))\" class=\"grid\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" class=\"tick\" text-anchor=\"end\">\(Format.percent(tick))</text>"
        }
        for (index, row) in rows.enumerated() {
            svg += "<text x=\"\(x(index))\" y=\"\(bottom + 18)\" class=\"tick\" text-anchor=\"middle\">\(HTML.escape(row.name.replacingOccurrences(of: "push ", with: "")))</text>"
        }
        svg += "<text x=\"\((left + right) / 2)\" y=\"\(height - 6)\" class=\"axis\" text-anchor=\"middle\">push depth (0 = the opening request)</text>"
        svg += "<text x=\"12\" y=\"\((top + bottom) / 2)\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 12 \((top + bottom) / 2))\">\(HTML.escape(axis))</text>"
        for (side, color, shift) in [(\Comparison.Row.a, colorA, -3.0), (\Comparison.Row.b, colorB, 3.0)] {
            let points = rows.enumerated().map { "\(x($0.offset) + shift),\(y($0.element[keyPath: side].rate))" }.joined(separator: " ")
            svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\"/>"
            for (index, row) in rows.enumerated() {
                let rate = row[keyPath: side], px = x(index) + shift
                svg += "<path d=\"M\(px) \(y(rate.interval[0]))V\(y(rate.interval[1]))\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
                svg += "<circle cx=\"\(px)\" cy=\"\(y(rate.rate))\" r=\"4\" fill=\"\(color)\"><title>\(HTML.escape("\(row.name): \(Format.percent(rate.rate)) (\(rate.count)/\(rate.of))"))</title></circle>"
            }
        }
        return svg + "</svg>"
    }

    static func svgOpen(height: Double, title: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">" +
            "<title>\(HTML.escape(title))</title><text x=\"8\" y=\"14\" class=\"title\">\(HTML.escape(title))</text>"
    }
}
