pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Test strips: one row per strip type with one button per result, and the readings so far.
SectionCard {
    id: root

    required property SampleController controller

    title: qsTr("Test strips")

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.8
        text: qsTr("Control and test line both visible = negative (even a faint test line). Control line only = positive. No control line = invalid: retest.")
    }

    RowLayout {
        spacing: 8
        enabled: root.controller.canEdit

        Label { text: qsTr("Dilution mg/mL") }
        TextField {
            id: dilutionField

            objectName: "stripDilution"
            Layout.preferredWidth: 70
            placeholderText: "5"
        }
        Label { text: qsTr("Lot") }
        TextField {
            id: lotField

            Layout.preferredWidth: 110
        }
        Label { text: qsTr("Brand") }
        TextField {
            id: brandField

            Layout.preferredWidth: 130
        }
    }

    Repeater {
        model: root.controller.stripTypes

        delegate: RowLayout {
            id: stripRow

            required property var modelData

            spacing: 8
            enabled: root.controller.canEdit

            Label {
                text: stripRow.modelData.name + (stripRow.modelData.cutoff ? qsTr(" · cutoff %1 ng/mL").arg(stripRow.modelData.cutoff) : "")
                Layout.preferredWidth: 420
                elide: Text.ElideRight
            }

            Button {
                objectName: "strip_" + stripRow.modelData.key + "_negative"
                text: qsTr("Negative (2 lines)")
                onClicked: root.controller.addStrip(stripRow.modelData.key, "negative", dilutionField.text, lotField.text, brandField.text)
            }
            Button {
                objectName: "strip_" + stripRow.modelData.key + "_positive"
                text: qsTr("Positive (1 line)")
                palette.button: "#ffcdd2"
                onClicked: root.controller.addStrip(stripRow.modelData.key, "positive", dilutionField.text, lotField.text, brandField.text)
            }
            Button {
                objectName: "strip_" + stripRow.modelData.key + "_invalid"
                text: qsTr("Invalid")
                onClicked: root.controller.addStrip(stripRow.modelData.key, "invalid", dilutionField.text, lotField.text, brandField.text)
            }
        }
    }

    Label {
        visible: root.controller.strips.length > 0
        text: qsTr("Readings")
        font.bold: true
    }

    Repeater {
        model: root.controller.strips

        delegate: Label {
            id: reading

            required property var modelData

            text: "• " + reading.modelData.type + ": " + reading.modelData.result.toUpperCase()
                  + (reading.modelData.dilution ? qsTr(" at %1 mg/mL").arg(reading.modelData.dilution) : "")
                  + (reading.modelData.lot ? qsTr(", lot %1").arg(reading.modelData.lot) : "")
                  + qsTr("  (%1, %2)").arg(reading.modelData.by).arg(reading.modelData.atLocal)
            color: reading.modelData.result === "positive" ? "#b71c1c" : palette.windowText
            font.bold: reading.modelData.result === "positive"
        }
    }
}
