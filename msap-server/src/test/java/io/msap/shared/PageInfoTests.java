package io.msap.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link PageInfo#of} must give every field exactly as PageHelper 5's {@code new PageInfo<>(page)} does (eight
 * navigation pages, {@code reasonable=false}). The expected values below are what PageHelper 5.3 computes for the same
 * pageNum, pageSize and total.
 */
class PageInfoTests {

    /** The rows a query for {@code pageNum}/{@code pageSize} would return out of {@code total}. */
    private static PageInfo<Integer> page(int pageNum, int pageSize, long total) {
        PageQuery query = new PageQuery(pageNum, pageSize);
        long from = query.offset();
        long to = Math.min(total, from + query.pageSize());
        List<Integer> rows = from >= total
                ? List.of()
                : IntStream.range((int) from, (int) to).boxed().toList();
        return PageInfo.of(query, rows, total);
    }

    private static List<Integer> range(int first, int last) {
        return IntStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void emptyResult() {
        PageInfo<Integer> page = page(1, 10, 0);
        assertThat(page.list()).isEmpty();
        assertThat(page.pageNum()).isEqualTo(1);
        assertThat(page.pageSize()).isEqualTo(10);
        assertThat(page.size()).isZero();
        assertThat(page.total()).isZero();
        assertThat(page.pages()).isZero();
        assertThat(page.startRow()).isZero();
        assertThat(page.endRow()).isZero();
        assertThat(page.prePage()).isZero();
        assertThat(page.nextPage()).isZero();
        assertThat(page.isFirstPage()).isTrue();
        assertThat(page.isLastPage()).isTrue();
        assertThat(page.hasPreviousPage()).isFalse();
        assertThat(page.hasNextPage()).isFalse();
        assertThat(page.navigatePages()).isEqualTo(8);
        assertThat(page.navigatepageNums()).isEmpty();
        assertThat(page.navigateFirstPage()).isZero();
        assertThat(page.navigateLastPage()).isZero();
    }

    @Test
    void emptyResultOnALaterPage() {
        // PageHelper sets prePage/nextPage only when there are navigation pages, but hasPreviousPage from pageNum alone
        PageInfo<Integer> page = page(3, 10, 0);
        assertThat(page.pageNum()).isEqualTo(3);
        assertThat(page.pages()).isZero();
        assertThat(page.prePage()).isZero();
        assertThat(page.nextPage()).isZero();
        assertThat(page.isFirstPage()).isFalse();
        assertThat(page.isLastPage()).isTrue();
        assertThat(page.hasPreviousPage()).isTrue();
        assertThat(page.hasNextPage()).isFalse();
        assertThat(page.navigatepageNums()).isEmpty();
        assertThat(page.navigateFirstPage()).isZero();
        assertThat(page.navigateLastPage()).isZero();
    }

    @Test
    void firstOfThreePages() {
        PageInfo<Integer> page = page(1, 10, 23);
        assertThat(page.list()).isEqualTo(range(0, 9));
        assertThat(page.size()).isEqualTo(10);
        assertThat(page.total()).isEqualTo(23);
        assertThat(page.pages()).isEqualTo(3);
        assertThat(page.startRow()).isEqualTo(1);
        assertThat(page.endRow()).isEqualTo(10);
        assertThat(page.prePage()).isZero();
        assertThat(page.nextPage()).isEqualTo(2);
        assertThat(page.isFirstPage()).isTrue();
        assertThat(page.isLastPage()).isFalse();
        assertThat(page.hasPreviousPage()).isFalse();
        assertThat(page.hasNextPage()).isTrue();
        assertThat(page.navigatepageNums()).containsExactly(1, 2, 3);
        assertThat(page.navigateFirstPage()).isEqualTo(1);
        assertThat(page.navigateLastPage()).isEqualTo(3);
    }

    @Test
    void middleOfThreePages() {
        PageInfo<Integer> page = page(2, 10, 23);
        assertThat(page.size()).isEqualTo(10);
        assertThat(page.startRow()).isEqualTo(11);
        assertThat(page.endRow()).isEqualTo(20);
        assertThat(page.prePage()).isEqualTo(1);
        assertThat(page.nextPage()).isEqualTo(3);
        assertThat(page.isFirstPage()).isFalse();
        assertThat(page.isLastPage()).isFalse();
        assertThat(page.hasPreviousPage()).isTrue();
        assertThat(page.hasNextPage()).isTrue();
        assertThat(page.navigatepageNums()).containsExactly(1, 2, 3);
    }

    @Test
    void lastOfThreePagesIsShort() {
        PageInfo<Integer> page = page(3, 10, 23);
        assertThat(page.list()).isEqualTo(range(20, 22));
        assertThat(page.size()).isEqualTo(3);
        assertThat(page.startRow()).isEqualTo(21);
        assertThat(page.endRow()).isEqualTo(23);
        assertThat(page.prePage()).isEqualTo(2);
        assertThat(page.nextPage()).isZero();
        assertThat(page.isFirstPage()).isFalse();
        assertThat(page.isLastPage()).isTrue();
        assertThat(page.hasPreviousPage()).isTrue();
        assertThat(page.hasNextPage()).isFalse();
        assertThat(page.navigatepageNums()).containsExactly(1, 2, 3);
        assertThat(page.navigateFirstPage()).isEqualTo(1);
        assertThat(page.navigateLastPage()).isEqualTo(3);
    }

    @Test
    void exactlyOneFullPage() {
        PageInfo<Integer> page = page(1, 10, 10);
        assertThat(page.pages()).isEqualTo(1);
        assertThat(page.isFirstPage()).isTrue();
        assertThat(page.isLastPage()).isTrue();
        assertThat(page.nextPage()).isZero();
        assertThat(page.navigatepageNums()).containsExactly(1);
    }

    @Test
    void navigationWindowAtTheStartOfAHundredPages() {
        PageInfo<Integer> page = page(1, 10, 1000);
        assertThat(page.pages()).isEqualTo(100);
        assertThat(page.navigatepageNums()).isEqualTo(range(1, 8));
        assertThat(page.navigateFirstPage()).isEqualTo(1);
        assertThat(page.navigateLastPage()).isEqualTo(8);
        assertThat(page.prePage()).isZero();
        assertThat(page.nextPage()).isEqualTo(2);
        assertThat(page.startRow()).isEqualTo(1);
        assertThat(page.endRow()).isEqualTo(10);
    }

    @Test
    void navigationWindowNearTheStartStaysOnTheFirstEightPages() {
        assertThat(page(4, 10, 1000).navigatepageNums()).isEqualTo(range(1, 8));
        assertThat(page(5, 10, 1000).navigatepageNums()).isEqualTo(range(1, 8));
        assertThat(page(6, 10, 1000).navigatepageNums()).isEqualTo(range(2, 9));
    }

    @Test
    void navigationWindowInTheMiddleOfAHundredPages() {
        PageInfo<Integer> page = page(50, 10, 1000);
        assertThat(page.navigatepageNums()).isEqualTo(range(46, 53));
        assertThat(page.navigateFirstPage()).isEqualTo(46);
        assertThat(page.navigateLastPage()).isEqualTo(53);
        assertThat(page.prePage()).isEqualTo(49);
        assertThat(page.nextPage()).isEqualTo(51);
        assertThat(page.startRow()).isEqualTo(491);
        assertThat(page.endRow()).isEqualTo(500);
        assertThat(page.list()).isEqualTo(range(490, 499));
        assertThat(page.isFirstPage()).isFalse();
        assertThat(page.isLastPage()).isFalse();
    }

    @Test
    void navigationWindowNearTheEndOfAHundredPages() {
        PageInfo<Integer> page = page(99, 10, 1000);
        assertThat(page.navigatepageNums()).isEqualTo(range(93, 100));
        assertThat(page.navigateFirstPage()).isEqualTo(93);
        assertThat(page.navigateLastPage()).isEqualTo(100);
        assertThat(page.prePage()).isEqualTo(98);
        assertThat(page.nextPage()).isEqualTo(100);
        assertThat(page.hasNextPage()).isTrue();
        // pageNum + 4 reaches the last page exactly: PageHelper still centres the window
        assertThat(page(96, 10, 1000).navigatepageNums()).isEqualTo(range(92, 99));
        assertThat(page(97, 10, 1000).navigatepageNums()).isEqualTo(range(93, 100));
    }

    @Test
    void lastOfAHundredPages() {
        PageInfo<Integer> page = page(100, 10, 1000);
        assertThat(page.navigatepageNums()).isEqualTo(range(93, 100));
        assertThat(page.prePage()).isEqualTo(99);
        assertThat(page.nextPage()).isZero();
        assertThat(page.isLastPage()).isTrue();
        assertThat(page.hasNextPage()).isFalse();
        assertThat(page.startRow()).isEqualTo(991);
        assertThat(page.endRow()).isEqualTo(1000);
    }

    @Test
    void nineAndEightPages() {
        // eight pages or fewer: all of them; nine: a window of eight
        assertThat(page(8, 10, 80).navigatepageNums()).isEqualTo(range(1, 8));
        assertThat(page(9, 10, 90).navigatepageNums()).isEqualTo(range(2, 9));
        assertThat(page(5, 10, 90).navigatepageNums()).isEqualTo(range(1, 8));
    }

    @Test
    void pagePastTheEndIsEmptyWithTheTrueTotal() {
        PageInfo<Integer> page = page(5, 10, 23);
        assertThat(page.list()).isEmpty();
        assertThat(page.pageNum()).isEqualTo(5);
        assertThat(page.size()).isZero();
        assertThat(page.total()).isEqualTo(23);
        assertThat(page.pages()).isEqualTo(3);
        assertThat(page.startRow()).isZero();
        assertThat(page.endRow()).isZero();
        assertThat(page.prePage()).isEqualTo(4);
        assertThat(page.nextPage()).isZero();
        assertThat(page.isFirstPage()).isFalse();
        assertThat(page.isLastPage()).isFalse();
        assertThat(page.hasPreviousPage()).isTrue();
        assertThat(page.hasNextPage()).isFalse();
        assertThat(page.navigatepageNums()).containsExactly(1, 2, 3);
        assertThat(page.navigateFirstPage()).isEqualTo(1);
        assertThat(page.navigateLastPage()).isEqualTo(3);
    }

    @Test
    void pageFarPastTheEndOfManyPagesShowsTheLastWindow() {
        PageInfo<Integer> page = page(200, 10, 1000);
        assertThat(page.list()).isEmpty();
        assertThat(page.pages()).isEqualTo(100);
        assertThat(page.navigatepageNums()).isEqualTo(range(93, 100));
        assertThat(page.prePage()).isEqualTo(199);
        assertThat(page.nextPage()).isZero();
        assertThat(page.isLastPage()).isFalse();
    }

    @Test
    void listIsACopy() {
        List<Integer> rows = new java.util.ArrayList<>(List.of(1, 2));
        PageInfo<Integer> page = PageInfo.of(new PageQuery(1, 10), rows, 2);
        rows.add(3);
        assertThat(page.list()).containsExactly(1, 2);
        assertThat(page.size()).isEqualTo(2);
    }

    @Test
    void pageSizeIsClampedToOneHundred() {
        PageQuery query = new PageQuery(2, 500);
        assertThat(query.pageSize()).isEqualTo(100);
        assertThat(query.offset()).isEqualTo(100);
        assertThat(new PageQuery(1, 100).pageSize()).isEqualTo(100);
        assertThat(new PageQuery(1, 1).pageSize()).isEqualTo(1);
        PageInfo<Integer> page = page(1, 1000, 250);
        assertThat(page.pageSize()).isEqualTo(100);
        assertThat(page.size()).isEqualTo(100);
        assertThat(page.pages()).isEqualTo(3);
        assertThat(query.toPageable(org.springframework.data.domain.Sort.unsorted())
                        .getPageNumber())
                .isEqualTo(1);
        assertThat(query.toPageable(org.springframework.data.domain.Sort.unsorted())
                        .getPageSize())
                .isEqualTo(100);
    }

    @Test
    void defaultsAreFirstPageOfTen() {
        assertThat(PageQuery.first().pageNum()).isEqualTo(1);
        assertThat(PageQuery.first().pageSize()).isEqualTo(10);
    }

    @Test
    void pageNumBelowOneIsRefusedNamingTheField() {
        for (int pageNum : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> new PageQuery(pageNum, 10)).isInstanceOfSatisfying(MsapException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST);
                assertThat(e.fieldProblems())
                        .extracting(MsapException.FieldProblem::field)
                        .containsExactly("pageNum");
            });
        }
    }

    @Test
    void pageSizeBelowOneIsRefusedNamingTheField() {
        for (int pageSize : new int[] {0, -5}) {
            assertThatThrownBy(() -> new PageQuery(1, pageSize)).isInstanceOfSatisfying(MsapException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST);
                assertThat(e.fieldProblems())
                        .extracting(MsapException.FieldProblem::field)
                        .containsExactly("pageSize");
            });
        }
    }

    @Test
    void hugePageNumberDoesNotOverflowTheOffset() {
        PageQuery query = new PageQuery(Integer.MAX_VALUE, 100);
        assertThat(query.offset()).isEqualTo((long) (Integer.MAX_VALUE - 1) * 100);
        PageInfo<Integer> page = PageInfo.of(query, Collections.emptyList(), 5);
        assertThat(page.pages()).isEqualTo(1);
        assertThat(page.nextPage()).isZero();
        assertThat(page.prePage()).isEqualTo(Integer.MAX_VALUE - 1);
    }
}
