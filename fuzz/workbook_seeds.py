#!/usr/bin/env python3
"""Writes the seed corpus of the xlsx fuzz target (fuzz/Sources/FuzzWorkbook) into the folder
given as the only argument: small workbooks that between them hold every cell type the reader
knows (shared strings with rich-text and phonetic runs, inline strings, numbers, dates in the 1900
and 1904 systems by built-in and custom formats, booleans, errors, formulas with cached values,
ISO date cells, merged ranges, rows and cells without references, two sheets). Each is written
twice: as XML parts joined by NUL bytes (the target packs them into an archive) and as a whole
archive after the byte "Z". Used by scripts/fuzz."""
import io
import os
import sys
import zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def workbook(sheets, date1904=False):
    pr = '<workbookPr date1904="1"/>' if date1904 else ''
    body = ''.join(f'<sheet name="{n}" sheetId="{k + 1}" r:id="rId{k + 1}"/>' for k, n in enumerate(sheets))
    return f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}>{pr}<sheets>{body}</sheets></workbook>'


SHARED = ('<?xml version="1.0" encoding="UTF-8"?><sst ' + NS + ' count="5" uniqueCount="5">'
          '<si><t>户编号</t></si><si><t>户主姓名</t></si>'
          '<si><r><t>人均</t></r><r><rPr><b/></rPr><t>纯收入</t></r><rPh sb="0" eb="2"><t>ren jun</t></rPh></si>'
          '<si><t xml:space="preserve"> 因病 </t></si><si><t>一般户</t></si></sst>')

STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet ' + NS + '>'
          '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
          '<numFmt numFmtId="165" formatCode="&quot;d&quot;0.00"/></numFmts>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>'
          '</styleSheet>')


def sheet(rows, merges=''):
    m = f'<mergeCells count="1">{merges}</mergeCells>' if merges else ''
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{rows}</sheetData>{m}</worksheet>'


SHEET_TYPES = sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>140923001</t></is></c><c r="B2" t="str"><v>张三</v></c>'
    '<c r="C2"><v>3520.5</v></c><c r="D2" s="1"><v>43466</v></c><c r="E2" s="2"><v>43466.75</v></c>'
    '<c r="F2" t="b"><v>1</v></c><c r="G2" t="e"><v>#DIV/0!</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><f>SUM(C2:C2)</f><v>3520.5</v></c>'
    '<c r="C3" t="d"><v>2019-12-31T00:00:00</v></c><c r="D3" s="3"><v>-1.5e3</v></c><c r="E3" t="b"><v>false</v></c></row>'
    '<row><c><v>1</v></c><c t="s"><v>4</v></c><c/></row>',
    '<mergeCell ref="A5:C6"/>')
SHEET_TITLE = sheet(
    '<row r="1"><c r="A1" t="inlineStr"><is><t>代县建档立卡贫困户信息</t></is></c></row>'
    '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>4</v></c></row>'
    '<row r="4"><c r="$A$4"><v>60</v></c><c r="B4" s="1"><v>60</v></c></row>',
    '<mergeCell ref="A1:D2"/>')

CASES = [
    ('types', [workbook(['农户']), SHARED, STYLES, SHEET_TYPES]),
    ('two_sheets_1904', [workbook(['农户', '人口'], date1904=True), SHARED, STYLES, SHEET_TYPES, SHEET_TITLE]),
    ('no_styles', [workbook(['户']), SHARED, '', SHEET_TITLE]),
]


def archive(parts):
    names = ['xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml',
             'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + ''.join(f'<Relationship Id="rId{k}" Target="worksheets/sheet{k}.xml"/>' for k in (1, 2)) + '</Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in zip(names, parts):
            if text:
                z.writestr(name, text)
        z.writestr('xl/_rels/workbook.xml.rels', rels)
    return out.getvalue()


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    for name, parts in CASES:
        with open(os.path.join(folder, f'seed_parts_{name}'), 'wb') as f:
            f.write(b'\0'.join(p.encode('utf-8') for p in parts))
        with open(os.path.join(folder, f'seed_zip_{name}'), 'wb') as f:
            f.write(b'Z' + archive(parts))


if __name__ == '__main__':
    main()
