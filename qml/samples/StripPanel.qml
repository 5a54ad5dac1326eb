pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Test strips: one row per strip type with one button per result, what the last tap said
// beside its strip, and the readings so far with a way to correct one.
//
// Nothing here grows under the pointer: the message beside each strip is one fixed line,
// the full message below the strips has a fixed height, and the readings scroll inside a
// fixed-height list. A quick second tap lands where the first one did.
SectionCard {
    id: root

    required property SampleController controller
    // One line of text in the panel's font: the fixed heights are counted in lines.
    readonly property real lineHeight: fontMetrics.height

    title: qsTr("Test strips")

    FontMetrics {
        id: fontMetrics
    }

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.8
        text: qsTr("Control and test line both visible = negative (even a faint test line). Control line only = positive. No control line = invalid: retest.")
    }

    // Lot, brand and dilution start from what was typed last this session: one batch of
    // strips is read with one lot, sample after sample.
    RowLayout {
        spacing: 8
        enabled: root.controller.canEdit

        Label { text: qsTr("Dilution mg/mL") }
        TextField {
            id: dilutionField

            objectName: "stripDilution"
            Layout.preferredWidth: 70
            placeholderText: "5"
            text: root.controller.benchDilution
            Accessible.name: qsTr("Dilution in mg/mL")

            InvalidOutline {
                shown: root.controller.dilutionRejected
            }
        }
        Label { text: qsTr("Lot") }
        TextField {
            id: lotField

            objectName: "stripLot"
            Layout.preferredWidth: 110
            text: root.controller.benchLot
            Accessible.name: qsTr("Strip lot")
        }
        Label { text: qsTr("Brand") }
        TextField {
            id: brandField

            objectName: "stripBrand"
            Layout.preferredWidth: 130
            text: root.controller.benchBrand
            Accessible.name: qsTr("Strip brand")
        }
    }

    Repeater {
        model: root.controller.stripTypes

        delegate: RowLayout {
            id: stripRow

            required property var modelData
            readonly property bool noticeHere: root.controller.stripNotice.type === stripRow.modelData.key

            function tap(result: string): void {
                root.controller.tapStrip(stripRow.modelData.key, result, dilutionField.text, lotField.text, brandField.text);
            }

            spacing: 8
            enabled: root.controller.canEdit
            Layout.fillWidth: true

            Label {
                text: stripRow.modelData.name + (stripRow.modelData.cutoff ? qsTr(" · cutoff %1 ng/mL").arg(stripRow.modelData.cutoff) : "")
                // Narrow windows keep room for the message beside the buttons. Pinned, so
                // every row's buttons line up and a message never moves them.
                Layout.preferredWidth: Math.min(420, root.width * 0.3)
                Layout.minimumWidth: Layout.preferredWidth
                Layout.maximumWidth: Layout.preferredWidth
                elide: Text.ElideRight
                ToolTip.visible: hovered.hovered && truncated
                ToolTip.text: text

                HoverHandler {
                    id: hovered
                }
            }

            Button {
                objectName: "strip_" + stripRow.modelData.key + "_negative"
                text: qsTr("Negative (2 lines)")
                onClicked: stripRow.tap("negative")
            }
            Button {
                objectName: "strip_" + stripRow.modelData.key + "_positive"
                text: qsTr("Positive (1 line)")
                palette.button: "#ffcdd2"
                onClicked: stripRow.tap("positive")
            }
            Button {
                objectName: "strip_" + stripRow.modelData.key + "_invalid"
                text: qsTr("Invalid")
                onClicked: stripRow.tap("invalid")
            }

            // What the last tap on this strip said, on the strip's own line: one line,
            // elided (the whole text is in the message below the strips).
            Label {
                objectName: "stripNotice_" + stripRow.modelData.key
                Layout.fillWidth: true
                // Takes what is left; its text's length must not claim room from the row.
                Layout.preferredWidth: 0
                elide: Text.ElideRight
                maximumLineCount: 1
                text: stripRow.noticeHere ? (root.controller.stripNotice.kind === "warning" ? "⚠ " : root.controller.stripNotice.kind === "error" ? "✕ " : "✓ ")
                                            + root.controller.stripNotice.text : ""
                color: !stripRow.noticeHere || root.controller.stripNotice.kind === "saved" ? palette.windowText
                       : root.controller.stripNotice.kind === "error" ? "#b00020" : "#6d2c00"
                font.bold: stripRow.noticeHere && root.controller.stripNotice.kind !== "saved"
            }
        }
    }

    // The whole message of the last tap, in a space kept for it (three lines) so that it
    // never pushes the readings or the reagents down. Errors and warnings are alerts:
    // screen readers announce the item when it is shown (it is hidden while empty, in a
    // holder that keeps its height).
    Item {
        Layout.fillWidth: true
        Layout.preferredHeight: root.lineHeight * 3 + 8

        Rectangle {
            anchors.fill: parent
            visible: stripMessage.visible && root.controller.stripNotice.kind !== "saved"
            color: root.controller.stripNotice.kind === "error" ? "#fdecea" : "#fff3e0"
            border.color: root.controller.stripNotice.kind === "error" ? "#b00020" : "#e65100"
            radius: 4
        }

        Label {
            id: stripMessage

            objectName: "stripMessage"
            anchors.fill: parent
            anchors.margins: 4
            visible: text.length > 0
            text: root.controller.stripNotice.text || ""
            wrapMode: Text.Wrap
            maximumLineCount: 3
            elide: Text.ElideRight
            color: root.controller.stripNotice.kind === "error" ? "#b00020" : root.controller.stripNotice.kind === "warning" ? "#6d2c00" : palette.windowText
            Accessible.role: root.controller.stripNotice.kind === "saved" ? Accessible.StaticText : Accessible.AlertMessage
            Accessible.name: text
        }
    }

    Label {
        text: qsTr("Readings (newest last; a corrected one stays, struck through)")
        font.bold: true
    }

    // Its own fixed-height scroll area: a new reading scrolls in here instead of
    // lengthening the page.
    ListView {
        id: readingsList

        objectName: "stripReadings"
        Layout.fillWidth: true
        Layout.preferredHeight: root.lineHeight * 5 + 50
        clip: true
        model: root.controller.strips
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}
        onCountChanged: positionViewAtEnd()

        delegate: RowLayout {
            id: reading

            // The row's roles (StripReadingModel).
            required property string readingId
            required property string type
            required property string result
            required property string dilution
            required property string lot
            required property string by
            required property string atLocal
            required property bool superseded
            required property bool positive

            width: ListView.view.width - 12
            spacing: 8

            Label {
                objectName: "stripReadingText"
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: "• " + reading.type + ": " + reading.result.toUpperCase()
                      + (reading.dilution.length > 0 ? qsTr(" at %1 mg/mL").arg(reading.dilution) : "")
                      + (reading.lot.length > 0 ? qsTr(", lot %1").arg(reading.lot) : "")
                      + qsTr("  (%1, %2)").arg(reading.by).arg(reading.atLocal)
                      + (reading.superseded ? qsTr("  superseded") : "")
                color: reading.superseded ? palette.placeholderText : reading.positive ? "#b71c1c" : palette.windowText
                font.bold: !reading.superseded && reading.positive
                font.strikeout: reading.superseded
            }
            // Stays in the row when a reading cannot be corrected (superseded, or the
            // sample left testing), so rows keep one height.
            Button {
                objectName: "correctStrip"
                text: qsTr("Correct…")
                flat: true
                enabled: root.controller.canEdit && !reading.superseded
                opacity: enabled ? 1 : 0.3
                onClicked: correctDialog.ask(reading.readingId, reading.type, reading.result)
            }
        }

        Label {
            anchors.centerIn: parent
            visible: readingsList.count === 0
            opacity: 0.6
            text: qsTr("No strip read yet.")
        }
    }

    // A second tap on a strip already read: replace, keep both or cancel.
    SecondReadingDialog {
        controller: root.controller
    }

    // Correcting a mis-tapped reading: pick the right result.
    CorrectReadingDialog {
        id: correctDialog

        controller: root.controller
    }
}
