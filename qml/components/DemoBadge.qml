import QtQml
import QtQuick
import QtQuick.Controls

// Marks demo data wherever it shows, so nobody mistakes it for a real result.
Label {
    text: qsTr("DEMO")
    color: "#5a3b00"
    font.pixelSize: 12
    font.bold: true
    leftPadding: 8
    rightPadding: 8
    topPadding: 2
    bottomPadding: 2
    background: Rectangle {
        radius: 4
        color: "#ffd54f"
    }
}
