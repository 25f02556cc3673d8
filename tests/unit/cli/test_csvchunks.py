"""Splitting a CSV into parts of whole records, and merging the parts' import reports."""

from creditbank.cli.csvchunks import Part, merge_reports, split_csv

DATA = b'a,b\n1,"x\ny"\n2,z\n3,w\n4,q\n5,r\n'


def test_parts_keep_records_whole_and_repeat_the_header() -> None:
    parts = split_csv(DATA, 2)
    assert [p.content for p in parts] == [
        b'a,b\n1,"x\ny"\n2,z\n',
        b"a,b\n3,w\n4,q\n",
        b"a,b\n5,r\n",
    ]
    assert [p.records for p in parts] == [2, 2, 1]


def test_a_short_or_unreadable_file_goes_whole() -> None:
    assert split_csv(DATA, 5) == [Part(DATA, 5, 0)]
    assert split_csv(b"\xff\xfe,\n", 2) == [Part(b"\xff\xfe,\n", 0, 0)]
    assert split_csv(b"", 2) == [Part(b"", 0, 0)]


def test_reports_merge_with_problems_on_the_files_lines() -> None:
    _, second, third = split_csv(DATA, 2)
    merged = merge_reports(
        [
            (second, {"rows": 2, "accepted": 1, "problems": [{"line": 2}], "offers": [1]}),
            (third, {"rows": 1, "accepted": 0, "problems": [{"line": 2}], "offers": [2]}),
        ]
    )
    # "3,w" is the file's line 5 (the quoted newline makes one record of lines 2 and 3)
    assert merged == {
        "rows": 3,
        "accepted": 1,
        "problems": [{"line": 5}, {"line": 7}],
        "offers": [1, 2],
    }
