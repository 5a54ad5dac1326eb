pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtCharts
import Candor

// The library match of the selected spectrum, in the order a technician reads it: the
// verdict naming what was found (and why, below it), a high-risk line, "main substance
// unknown" when it is, the strip/FTIR flags; then the detected components with the
// distinctive bands each shows (marked on the chart) and their one-click findings, the
// "possible" high-risk warnings (never findings), the chart and the residual; last the
// closest library spectra, the engine's warnings and the library used. Rows come from
// Repeaters over C++ lists; nothing toggles `visible` inside the layouts.
SectionCard {
    id: root

    required property MatchController matcher
    // Where one-click findings go.
    required property SampleController sampleController

    // The sample's finding for a substance ("primary", "trace", "uncertain"), "" when none:
    // the one-click buttons show what is recorded. Reading `findings` re-evaluates the
    // bindings whenever the sample reloads.
    function findingOf(name: string): string {
        const findings = root.sampleController.findings;
        for (let i = 0; i < findings.length; ++i) {
            if (findings[i].substance === name)
                return findings[i].kind === "substance" ? findings[i].abundance : findings[i].kind;
        }
        return "";
    }

    function redraw(): void {
        mainChart.zoomReset();
        root.matcher.drawInto(querySeries, fitSeries, hit1Series, hit2Series, hit3Series, residualSeries, bandSeries);
    }

    title: qsTr("Library match")
    Component.onCompleted: root.redraw()

    Connections {
        target: root.matcher

        function onChanged(): void {
            root.redraw();
        }
    }

    // 1. The verdict, naming what was found; its reason below it.
    Label {
        objectName: "matchVerdict"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.pixelSize: 18
        font.bold: root.matcher.hasMatch
        color: root.matcher.verdict === "match" ? "#1b5e20" : (root.matcher.verdict === "uncertain" ? "#e65100" : "#37474f")
        text: root.matcher.verdictText
    }

    Label {
        objectName: "matchReason"
        Layout.fillWidth: true
        Layout.preferredHeight: root.matcher.verdictReason !== "" ? implicitHeight : 0
        clip: true
        wrapMode: Text.Wrap
        opacity: 0.75
        text: root.matcher.verdictReason
    }

    Label {
        objectName: "highRiskDetected"
        Layout.fillWidth: true
        Layout.preferredHeight: root.matcher.highRiskText !== "" ? implicitHeight : 0
        clip: true
        wrapMode: Text.Wrap
        font.bold: true
        color: "#b00020"
        padding: root.matcher.highRiskText !== "" ? 6 : 0
        text: "⚠ " + root.matcher.highRiskText
        background: Rectangle {
            color: "#ffebee"
            border.color: "#b00020"
            radius: 4
        }
    }

    Label {
        objectName: "mainSubstanceUnknown"
        Layout.fillWidth: true
        Layout.preferredHeight: root.matcher.mainSubstanceUnknown ? implicitHeight : 0
        clip: true
        wrapMode: Text.Wrap
        color: "#37474f"
        padding: root.matcher.mainSubstanceUnknown ? 6 : 0
        text: qsTr("<b>Main substance unknown</b>: nothing in the library explains the bulk of this spectrum. A component is listed only where all of its own bands are present.")
        background: Rectangle {
            color: "#eceff1"
            radius: 4
        }
    }

    Repeater {
        model: root.matcher.flags

        delegate: Label {
            id: flag

            required property string modelData

            objectName: "stripFtirFlag"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.bold: true
            color: "#b00020"
            padding: 6
            text: "⚑ " + flag.modelData
            background: Rectangle {
                color: "#ffebee"
                border.color: "#b00020"
                radius: 4
            }
        }
    }

    // What the match found, with the one-click findings and the charts: collapsed (not
    // hidden: Qt 6.4's layouts miss `visible` changes) while there is no match to show.
    ColumnLayout {
        objectName: "matchDetails"
        Layout.fillWidth: true
        Layout.preferredHeight: root.matcher.hasMatch ? implicitHeight : 0
        clip: true
        spacing: 6

        // 2. The detected components, each with the distinctive bands of its own that the
        // sample shows (marked on the chart below) and its one-click findings.
        Label {
            Layout.topMargin: 4
            text: root.matcher.components.length > 0 ? qsTr("Detected (share of the signal)") : qsTr("Detected: nothing")
            font.bold: true
        }
        Repeater {
            model: root.matcher.components

            delegate: ColumnLayout {
                id: component

                required property var modelData
                readonly property string recorded: root.findingOf(component.modelData.findingName)

                Layout.fillWidth: true
                spacing: 0

                RowLayout {
                    Layout.fillWidth: true
                    spacing: 8

                    Label {
                        objectName: "mixtureComponent"
                        text: component.modelData.substance
                        font.bold: true
                        Layout.fillWidth: true
                        Layout.minimumWidth: 120
                        elide: Text.ElideRight
                    }
                    Label {
                        text: component.modelData.substanceClass
                        opacity: 0.7
                        Layout.preferredWidth: 130
                        elide: Text.ElideRight
                    }
                    Label {
                        text: component.modelData.percent
                        font.family: "monospace"
                        horizontalAlignment: Text.AlignRight
                        Layout.preferredWidth: 70
                    }
                    Label {
                        objectName: "componentHighRisk"
                        text: component.modelData.highRisk ? qsTr("HIGH RISK") : ""
                        color: "#b00020"
                        font.bold: true
                        Layout.preferredWidth: 80
                    }
                    Button {
                        // Named per substance, so a test (or a screen reader user) can tell them apart.
                        objectName: "addPrimaryButton_" + component.modelData.findingName.replace(/ /g, "_")
                        text: (component.recorded === Vocabulary.primary ? "✓ " : "+ ") + qsTr("primary")
                        enabled: root.sampleController.canEdit && component.recorded !== Vocabulary.primary
                        onClicked: root.sampleController.addFindingFromMatch(component.modelData.substance, Vocabulary.primary)
                    }
                    Button {
                        objectName: "addTraceButton_" + component.modelData.findingName.replace(/ /g, "_")
                        text: (component.recorded === Vocabulary.trace ? "✓ " : "+ ") + qsTr("trace")
                        enabled: root.sampleController.canEdit && component.recorded !== Vocabulary.trace
                        onClicked: root.sampleController.addFindingFromMatch(component.modelData.substance, Vocabulary.trace)
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    Layout.leftMargin: 16
                    spacing: 4

                    Label {
                        text: component.modelData.bandsText !== "" ? "◆" : ""
                        color: component.modelData.bandColour
                        font.pixelSize: 14
                    }
                    Label {
                        objectName: "componentBands"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        opacity: 0.75
                        font.pixelSize: 12
                        text: component.modelData.bandsText !== "" ? qsTr("its %1 present, marked in this colour on the chart").arg(component.modelData.bandsText) : ""
                    }
                }
            }
        }
        Label {
            Layout.preferredHeight: root.matcher.residualText !== "" ? implicitHeight : 0
            clip: true
            text: root.matcher.residualText
            opacity: 0.75
        }

        // 3. "Possible" high-risk components: warnings, never findings.
        Repeater {
            model: root.matcher.possible

            delegate: Label {
                id: possibleItem

                required property var modelData

                objectName: "possibleWarning"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                color: "#6d2c00"
                padding: 6
                rightPadding: possibleButton.width + 12
                text: "⚠ " + possibleItem.modelData.text
                background: Rectangle {
                    color: "#fff3e0"
                    border.color: "#e65100"
                    radius: 4
                }

                Button {
                    id: possibleButton

                    readonly property string recorded: root.findingOf(possibleItem.modelData.findingName)

                    objectName: "addPossibleButton"
                    anchors.right: parent.right
                    anchors.rightMargin: 6
                    anchors.verticalCenter: parent.verticalCenter
                    text: possibleButton.recorded === "" ? qsTr("+ uncertain finding") : qsTr("✓ in findings")
                    enabled: root.sampleController.canEdit && possibleButton.recorded === ""
                    onClicked: root.sampleController.addUncertainFromMatch(possibleItem.modelData.substance)
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 8

            Label {
                text: qsTr("Findings from this match:")
                opacity: 0.75
            }
            Button {
                objectName: "addUncertainButton"
                text: qsTr("+ uncertain match")
                enabled: root.sampleController.canEdit && root.matcher.verdict === "uncertain"
                onClicked: root.sampleController.addFinding("", "uncertain")
            }
            Button {
                objectName: "addNoMatchButton"
                text: qsTr("+ no library match")
                enabled: root.sampleController.canEdit && root.matcher.verdict === "no-match"
                onClicked: root.sampleController.addFinding("", "no-match")
            }
            Item {
                Layout.fillWidth: true
            }
        }

        ChartView {
            id: mainChart

            objectName: "matchChart"
            Layout.fillWidth: true
            Layout.preferredHeight: 360
            antialiasing: true
            legend.alignment: Qt.AlignBottom
            title: qsTr("No match to draw")

            LineSeries {
                id: querySeries

                objectName: "querySeries"
                width: 2
                color: "#212121"
            }
            LineSeries {
                id: fitSeries

                width: 1.5
                color: "#2e7d32"
                style: Qt.DashLine
            }
            LineSeries {
                id: hit1Series

                width: 1
                color: "#c62828"
            }
            LineSeries {
                id: hit2Series

                width: 1
                color: "#1565c0"
            }
            LineSeries {
                id: hit3Series

                width: 1
                color: "#6a1b9a"
            }
            ScatterSeries {
                id: bandSeries

                objectName: "bandSeries"
                // Each mark takes its component's colour (set from C++); this one is the legend's.
                markerSize: 12
                markerShape: ScatterSeries.MarkerShapeRotatedRectangle
                color: "#607d8b"
                borderColor: "#212121"
                pointLabelsVisible: true
                pointLabelsFormat: "@xPoint"
                pointLabelsClipping: false
            }

            MouseArea {
                anchors.fill: parent
                onDoubleClicked: mainChart.zoomReset()
                onWheel: wheel => {
                    // As in SpectrumChart: the plain wheel scrolls the page, Ctrl+wheel zooms.
                    if (!(wheel.modifiers & Qt.ControlModifier)) {
                        wheel.accepted = false;
                        return;
                    }
                    const f = wheel.angleDelta.y > 0 ? 0.8 : 1.25;
                    const area = mainChart.plotArea;
                    mainChart.zoomIn(Qt.rect(wheel.x - (wheel.x - area.x) * f, wheel.y - (wheel.y - area.y) * f,
                                             area.width * f, area.height * f));
                }
            }
        }

        ChartView {
            id: residualChart

            objectName: "residualChart"
            Layout.fillWidth: true
            // Nothing detected, nothing subtracted: no residual to show.
            Layout.preferredHeight: root.matcher.components.length > 0 ? 230 : 0
            antialiasing: true
            legend.visible: false
            title: qsTr("Residual (sample − fitted mixture)")

            LineSeries {
                id: residualSeries

                objectName: "residualSeries"
                width: 1
                color: "#455a64"
            }
        }

        // 4. The library's closest spectra, the engine's warnings and which library it was.
        Label {
            text: root.matcher.verdict === "no-match" ? qsTr("Closest library spectra (none close enough to call)")
                                                      : qsTr("Closest library spectra")
            font.bold: true
        }
        Repeater {
            model: root.matcher.hits

            delegate: RowLayout {
                id: hit

                required property var modelData

                Layout.fillWidth: true
                spacing: 8

                Label {
                    text: hit.modelData.rank + "."
                    Layout.preferredWidth: 24
                    opacity: 0.7
                }
                Label {
                    objectName: "hitSubstance"
                    text: hit.modelData.substance
                    Layout.preferredWidth: 260
                    elide: Text.ElideRight
                }
                Label {
                    text: hit.modelData.substanceClass
                    opacity: 0.7
                    Layout.preferredWidth: 130
                    elide: Text.ElideRight
                }
                Label {
                    text: hit.modelData.score
                    font.family: "monospace"
                    Layout.preferredWidth: 50
                }
                // Not on a no-match: a 0.3 bromazolam beside soil is no warning.
                Label {
                    text: hit.modelData.highRisk && root.matcher.verdict !== "no-match" ? qsTr("high-risk class") : ""
                    color: "#b00020"
                    opacity: 0.8
                    Layout.fillWidth: true
                }
            }
        }

        Repeater {
            model: root.matcher.warnings

            delegate: Label {
                id: warning

                required property string modelData

                Layout.fillWidth: true
                wrapMode: Text.Wrap
                opacity: 0.85
                text: "! " + warning.modelData
            }
        }
    }

    Label {
        objectName: "matchLibrary"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.6
        font.pixelSize: 12
        text: root.matcher.libraryText
    }
}
