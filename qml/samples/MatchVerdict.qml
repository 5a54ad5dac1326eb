pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The top of the match panel, what a technician reads first: the verdict naming what was
// found (and why, below it), a high-risk line, "main substance unknown" when it is, and
// the strip-positive, FTIR-negative flags. Empty lines keep no height (Qt 6.4's layouts
// miss `visible` changes).
ColumnLayout {
    id: root

    required property MatchController matcher

    spacing: 6

    Label {
        objectName: "matchVerdict"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.pixelSize: 18
        font.bold: root.matcher.hasMatch
        color: root.matcher.isMatch ? "#1b5e20" : (root.matcher.isUncertain ? "#e65100" : "#37474f")
        text: root.matcher.verdictText
    }

    Label {
        objectName: "matchReason"
        Layout.fillWidth: true
        Layout.preferredHeight: root.matcher.verdictReason.length > 0 ? implicitHeight : 0
        clip: true
        wrapMode: Text.Wrap
        opacity: 0.75
        text: root.matcher.verdictReason
    }

    Label {
        objectName: "highRiskDetected"
        Layout.fillWidth: true
        Layout.preferredHeight: root.matcher.highRiskText.length > 0 ? implicitHeight : 0
        clip: true
        wrapMode: Text.Wrap
        font.bold: true
        color: "#b00020"
        padding: root.matcher.highRiskText.length > 0 ? 6 : 0
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
}
