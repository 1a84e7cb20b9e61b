"""`smm import`: spreadsheets as Russian and English Excel and Google Sheets export them; every
bad row reported with its row and column, nothing written for it."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import Workspace
from smm.errors import UsageError
from smm.sheets.importer import import_sheet

RU_SHEET = (
    "Дата;Время;Соцсети;Текст;Хештеги;Картинка;Описание картинки;Бюджет;Тип;ERID\r\n"
    '05.12.2026;12:00;"ВКонтакте, Телеграм";"Пряный раф — скидка 10% до воскресенья!\r\n\r\n'
    'Ждём вас на Тверской.";#кофе #раф;assets/zerno/square.jpg;Чашка рафа с корицей;'
    "1 500,50 руб.;реклама;2VtzqvWgxEz\r\n"
)
EN_SHEET = (
    "Date,Time,Networks,Title,Text,Campaign,Kind\n"
    '12/5/2026,9:30 PM,"Telegram, Instagram",Late-night menu,"Open till midnight, '
    'from Friday.",winter-sale,announcement\n'
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_a_russian_excel_csv_in_windows_1251_with_semicolons(
    workspace: Workspace, tmp_path: Path
) -> None:
    sheet = write(tmp_path / "план.csv", RU_SHEET, "cp1251")
    result = import_sheet(sheet, workspace.root, brand="zerno")
    assert result.problems == [] and result.rows == 1
    (path,) = result.written
    assert path == "posts/zerno/2026/12/05-prianyi-raf-skidka-10-do-voskresenia-zhdem.md"
    assert (workspace.root / path).read_text(encoding="utf-8") == (
        "---\n"
        "network: [vk, telegram]\n"
        "time: 2026-12-05 12:00\n"
        "hashtags: [кофе, раф]\n"
        "kind: ad\n"
        'budget: "1500.50 RUB"\n'
        'advertiser: {erid: "2VtzqvWgxEz"}\n'
        "images:\n"
        '  - src: "assets/zerno/square.jpg"\n'
        "    alt: Чашка рафа с корицей\n"
        "---\n"
        "Пряный раф — скидка 10% до воскресенья!\n\nЖдём вас на Тверской.\n"
    )
    # the brand's advertiser (name, INN) completes the erid: the post lints as a marked ad
    assert "ad/ru-marking" not in workspace.rules(path)


def test_an_english_csv_with_us_dates_and_a_12_hour_clock(
    workspace: Workspace, tmp_path: Path
) -> None:
    sheet = write(tmp_path / "plan.csv", EN_SHEET, "utf-8-sig")  # Excel's "CSV UTF-8" has a BOM
    result = import_sheet(sheet, workspace.root, brand="nordlicht")
    assert result.problems == []
    (path,) = result.written
    assert path == "posts/nordlicht/2026/12/05-late-night-menu.md"
    text = (workspace.root / path).read_text(encoding="utf-8")
    assert "time: 2026-12-05 21:30\n" in text and "network: [telegram, instagram]\n" in text
    assert "campaign: winter-sale\n" in text and "kind: announcement\n" in text
    day_first = import_sheet(sheet, workspace.root, brand="nordlicht", day_first=True, dry_run=True)
    assert day_first.written == ["posts/nordlicht/2026/05/12-late-night-menu.md"]
    assert not (workspace.root / day_first.written[0]).exists()  # a dry run writes nothing


def test_an_xlsx_with_date_and_time_cells(workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["дата", "время", "сеть", "текст"])
    sheet.append([date(2026, 12, 7), time(8, 15), "tg", "Доброе утро!"])
    sheet.append([datetime(2026, 12, 8, 9, 45), None, "вк", "Второе утро."])
    book.save(tmp_path / "plan.xlsx")
    result = import_sheet(tmp_path / "plan.xlsx", workspace.root, brand="zerno")
    assert result.problems == []
    assert result.written == [
        "posts/zerno/2026/12/07-dobroe-utro.md",
        "posts/zerno/2026/12/08-vtoroe-utro.md",
    ]
    assert "time: 2026-12-08 09:45\n" in (workspace.root / result.written[1]).read_text()


BAD = (
    "date;time;networks;text;budget;kind;campaign;path\n"
    "05.12.2026;10:00;telegram;Хороший пост;;;;\n"
    "32.12.2026;10:00;telegram;Плохая дата;;;;\n"
    "06.12.2026;25:00;telegram;Плохое время;;;;\n"
    "07.12.2026;10:00;myspace;Плохая сеть;;;;\n"
    "08.12.2026;10:00;telegram;;;;;\n"
    "09.12.2026;10:00;telegram;Плохой бюджет;сто рублей;;;\n"
    "10.12.2026;10:00;telegram;Плохой тип;;промо;;\n"
    "11.12.2026;10:00;telegram;Нет кампании;;;summer;\n"
    "12.12.2026;10:00;telegram;Чужой файл;;;;../../etc/x.md\n"
    "13.12.2026;;telegram;Нет времени;;;;\n"
)


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written_for_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    sheet = write(tmp_path / "plan.csv", BAD)
    result = import_sheet(sheet, workspace.root, brand="zerno")
    assert result.written == ["posts/zerno/2026/12/05-khoroshii-post.md"]
    assert [(f.line, f.col, f.rule) for f in result.problems] == [
        (3, 1, "import/date"),
        (4, 2, "import/time"),
        (5, 3, "import/networks"),
        (6, 4, "import/text"),
        (7, 5, "import/budget"),
        (8, 6, "import/kind"),
        (9, 7, "import/campaign"),
        (10, 8, "import/path"),
        (11, 2, "import/time"),
    ]
    assert all(f.path == str(sheet) and f.level == "error" for f in result.problems)
    assert result.exit_code == 1
    assert [p.name for p in (workspace.root / "posts/zerno/2026/12").iterdir()] == [
        "05-khoroshii-post.md"
    ]
    run = workspace.smm("import", str(sheet), "--brand", "zerno")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{sheet}:3:1: error import/date '32.12.2026' is not a date" in run.stderr
    assert run.stdout.endswith("10 row(s): 0 wrote, 1 unchanged, 9 refused\n")


def test_an_impossible_year_is_a_cell_error_not_a_post_of_the_2000s(
    workspace: Workspace, tmp_path: Path
) -> None:
    sheet = write(
        tmp_path / "plan.csv",
        "date;time;networks;text\n01.01.0000;10:00;vk;year zero\n05.12.0026;10:00;vk;year 26\n",
    )
    run = workspace.smm("import", str(sheet), "--brand", "zerno")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{sheet}:2:1: error import/date '01.01.0000' is in the year 0, outside" in run.stderr
    assert f"{sheet}:3:1: error import/date '05.12.0026' is in the year 26, outside" in run.stderr
    assert not (workspace.root / "posts/zerno/2000").exists()
    assert not (workspace.root / "posts/zerno/2026").exists()


def test_a_file_with_other_content_is_never_overwritten(
    workspace: Workspace, tmp_path: Path
) -> None:
    sheet = write(tmp_path / "plan.csv", "date,time,networks,text\n2026-12-05,10:00,vk,Пост\n")
    (path,) = import_sheet(sheet, workspace.root, brand="zerno").written
    (workspace.root / path).write_text("the writer's edit", encoding="utf-8")
    again = import_sheet(sheet, workspace.root, brand="zerno")
    assert [f.rule for f in again.problems] == ["import/exists"]
    assert (workspace.root / path).read_text(encoding="utf-8") == "the writer's edit"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("time,networks\n10:00,vk\n", "no date or text column in the header row 1"),
        ("", "no header row"),
    ],
)
def test_a_sheet_without_the_columns_is_one_usage_error(
    workspace: Workspace, tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        import_sheet(write(tmp_path / "plan.csv", text), workspace.root, brand="zerno")


def test_which_brand_a_row_is_for(workspace: Workspace, tmp_path: Path) -> None:
    sheet = write(
        tmp_path / "plan.csv",
        "brand,date,time,networks,text\nnordlicht,2026-12-05,10:00,telegram,Hallo\n"
        ",2026-12-06,10:00,telegram,Ohne Marke\n",
    )
    result = import_sheet(sheet, workspace.root)
    assert result.written == ["posts/nordlicht/2026/12/05-hallo.md"]
    assert [(f.line, f.rule) for f in result.problems] == [(3, "import/brand")]
